import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createScratchDatabase,
  freePort,
  startServiceProcess,
  testKafkaBrokers,
  uniqueId,
  waitForReady,
  type ScratchDatabase,
  type ServiceProcess,
} from '@causeway/testing';

export type ServiceName = 'audit' | 'data-plane' | 'control-plane';

export interface SeparateServices {
  db: ScratchDatabase;
  /** In start order: audit, data plane, control plane. */
  services: ServiceProcess[];
  urls: Record<ServiceName, string>;
  /** The secrets the services share (internal tokens, the API key pepper). */
  shared: Record<string, string>;
  /** Stops one service with `signal` and starts it again with the same environment, port and directories. */
  restart(name: ServiceName, signal: NodeJS.Signals): Promise<void>;
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The three services as production runs them: separate processes on a scratch Postgres
 * database and the test Kafka broker, each with its own secrets and spool directories, all
 * ready (`/readyz`) before this resolves. `env`: more variables for all three, over the
 * defaults; `envFor`: more for one service, over those.
 */
export async function startSeparateServices(
  label: string,
  options: { env?: Record<string, string>; envFor?: Partial<Record<ServiceName, Record<string, string>>> } = {},
): Promise<SeparateServices> {
  const db = await createScratchDatabase(label);
  const dir = mkdtempSync(join(tmpdir(), `causeway-${label}-`));
  const secret = () => randomBytes(32).toString('hex');
  const common = {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    LOG_LEVEL: 'warn',
    CAUSEWAY_JWT_SECRET: secret(),
    CAUSEWAY_API_KEY_PEPPER: secret(),
    CAUSEWAY_INTERNAL_TOKEN: secret(),
    AUDIT_INTERNAL_TOKEN: secret(),
  };
  const specs: [ServiceName, Record<string, string>][] = [
    ['audit', { AUDIT_CONSUMER_GROUP: uniqueId(`audit-${label}`), AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-key.pem') }],
    ['data-plane', { INSTANCE_ID: uniqueId('dp'), AUDIT_SPOOL_DIR: join(dir, 'spool'), CAUSEWAY_SECRETS_DIR: join(dir, 'dp-secrets') }],
    ['control-plane', { CAUSEWAY_SECRETS_DIR: join(dir, 'cp-secrets') }],
  ];
  const services: ServiceProcess[] = [];
  const urls = {} as Record<ServiceName, string>;
  const envs = {} as Record<ServiceName, Record<string, string>>;
  for (const [name, extra] of specs) {
    const port = await freePort();
    // The control plane starts last and reaches the data plane's internal API (approvals).
    const links: Record<string, string> = name === 'control-plane' ? { DATA_PLANE_URL: urls['data-plane'] } : {};
    envs[name] = { ...common, ...extra, ...links, ...options.env, ...options.envFor?.[name], PORT: String(port) };
    services.push(startServiceProcess(name, envs[name]));
    urls[name] = `http://127.0.0.1:${port}`;
  }
  await Promise.all(services.map((s) => waitForReady(`${urls[s.name as ServiceName]}/readyz`, s)));
  return {
    db,
    services,
    urls,
    shared: common,
    async restart(name, signal) {
      const index = services.findIndex((s) => s.name === name);
      await services[index].stop(signal);
      services[index] = startServiceProcess(name, envs[name]);
      await waitForReady(`${urls[name]}/readyz`, services[index]);
    },
    async stop(signal) {
      await Promise.all(services.map((s) => s.stop(signal)));
      await db.drop();
    },
  };
}

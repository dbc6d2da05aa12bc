import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createScratchDatabase,
  eventually,
  freePort,
  startServiceProcess,
  uniqueId,
  waitForReady,
  type ScratchDatabase,
  type ServiceProcess,
} from '@causeway/testing';
import { PrivateKafkaBroker } from '../../libs/messaging/src/testing/private-kafka-broker';
import { ControlPlaneHarness } from '../../apps/control-plane/test/support/control-plane-harness';

/**
 * Revocation holds whatever the bus does (decision 0010): with Kafka stopped, a revoked key is
 * refused and a new key works within a second, through the control plane's config side
 * channel; when Kafka is back the stream's late copies of those changes undo nothing.
 *
 * Kafka here is a broker of this test's own (PrivateKafkaBroker, its own port and data), so
 * stopping it never disturbs the shared test broker other tests use. The control plane and
 * the data plane run as separate processes from their compiled entry points, as deployed.
 */
describe('API key revocation through a Kafka outage', () => {
  let broker: PrivateKafkaBroker;
  let db: ScratchDatabase;
  let dir: string;
  const processes: ServiceProcess[] = [];
  // Only its GraphQL helpers: pointed at the control plane process below, never started.
  const cp = new ControlPlaneHarness();
  let dataPlaneUrl = '';
  let common: Record<string, string>;
  let owner: { token: string };

  const startDataPlane = async (name: string) => {
    const port = await freePort();
    const proc = startServiceProcess(
      'data-plane',
      {
        ...common,
        PORT: String(port),
        INSTANCE_ID: uniqueId(name),
        CONTROL_PLANE_URL: cp.url,
        AUDIT_SPOOL_DIR: join(dir, `spool-${name}`),
        CAUSEWAY_SECRETS_DIR: join(dir, 'secrets'),
      },
      { name },
    );
    processes.push(proc);
    await waitForReady(`http://127.0.0.1:${port}/readyz`, proc, 120_000);
    return `http://127.0.0.1:${port}`;
  };

  beforeAll(async () => {
    broker = await PrivateKafkaBroker.create();
    db = await createScratchDatabase('revocation_outage');
    dir = mkdtempSync(join(tmpdir(), 'causeway-revocation-outage-'));
    const secret = () => randomBytes(32).toString('hex');
    common = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: broker.brokers.join(','),
      LOG_LEVEL: 'warn',
      CAUSEWAY_JWT_SECRET: cp.secrets.jwtSecret,
      CAUSEWAY_API_KEY_PEPPER: cp.secrets.apiKeyPepper,
      CAUSEWAY_INTERNAL_TOKEN: cp.secrets.internalToken,
      AUDIT_INTERNAL_TOKEN: secret(),
    };
    const cpPort = await freePort();
    const controlPlane = startServiceProcess('control-plane', {
      ...common,
      PORT: String(cpPort),
      CAUSEWAY_SECRETS_DIR: join(dir, 'secrets'),
      CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: cp.operator.email,
      CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: cp.operator.password,
    });
    processes.push(controlPlane);
    cp.url = `http://127.0.0.1:${cpPort}`;
    await waitForReady(`${cp.url}/readyz`, controlPlane, 120_000);
    dataPlaneUrl = await startDataPlane('dp-outage');
    owner = await cp.tenantWithOwner('outage');
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.stop('SIGKILL')));
    await broker?.destroy();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(cp.secretsDir, { recursive: true, force: true });
  }, 60_000);

  const createKey = async () => {
    const data = await cp.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool", "read:Tool"] }) { secret apiKey { id } } }',
      {},
      owner.token,
    );
    return { id: data.createApiKey.apiKey.id, key: data.createApiKey.secret };
  };
  const revoke = (id: string) => cp.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id }, owner.token);
  const status = async (url: string, key: string) => (await fetch(`${url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status;
  /** How long until the data plane answers `expected` for the key; fails after `timeoutMs`. */
  const within = async (url: string, key: string, expected: number, timeoutMs: number) => {
    const t0 = Date.now();
    await eventually(async () => ((await status(url, key)) === expected ? true : undefined), { timeoutMs, intervalMs: 20, what: `HTTP ${expected}` });
    return Date.now() - t0;
  };

  it('refuses a key revoked while Kafka is down within a second, serves a key created then within a second, and stays so when Kafka is back', async () => {
    const before = await createKey();
    const doomed = await createKey();
    await within(dataPlaneUrl, before.key, 200, 10_000);
    await within(dataPlaneUrl, doomed.key, 200, 10_000);

    await broker.stop();

    await revoke(doomed.id);
    expect(await within(dataPlaneUrl, doomed.key, 401, 1000)).toBeLessThan(1000);
    const during = await createKey();
    expect(await within(dataPlaneUrl, during.key, 200, 1000)).toBeLessThan(1000);
    expect(await status(dataPlaneUrl, before.key)).toBe(200);

    await broker.start();

    // The relay publishes what it held back and the data plane's consumer reads it: the
    // stream's copies of the revocation and the creation arrive late and change nothing.
    let metrics = '';
    await eventually(
      async () => {
        metrics = await (await fetch(`${cp.url}/metrics`)).text();
        return /^causeway_outbox_backlog(\{[^}]*\})? 0$/m.test(metrics) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the outbox drained to Kafka' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${/^causeway_outbox_backlog.*$/m.exec(metrics)?.[0]}\n${processes[0].output().slice(-3000)}`);
    });
    const after = await createKey();
    await within(dataPlaneUrl, after.key, 200, 1000);
    expect([await status(dataPlaneUrl, before.key), await status(dataPlaneUrl, doomed.key), await status(dataPlaneUrl, during.key)]).toEqual([200, 401, 200]);

    // A replica started now (snapshot, then stream from the beginning, then side channel) agrees.
    const fresh = await startDataPlane('dp-fresh');
    expect([await status(fresh, before.key), await status(fresh, doomed.key), await status(fresh, during.key), await status(fresh, after.key)]).toEqual([
      200, 401, 200, 200,
    ]);
  }, 300_000);

  it('starts a data-plane replica while Kafka is down: ready from the snapshot, serving, and on the stream once Kafka is back', async () => {
    const known = await createKey();
    await broker.stop();
    let down = true;
    try {
      // Before: the replica's start awaited the config stream and exited, a crash loop in Kubernetes.
      const replica = await startDataPlane('dp-started-in-outage');
      const proc = processes[processes.length - 1];
      const readiness = async () => (await (await fetch(`${replica}/readyz`)).json()) as { status: string; dependencies: Record<string, { ok: boolean }> };

      expect(await status(replica, known.key)).toBe(200);
      expect((await readiness()).dependencies['config-stream'].ok).toBe(false);
      const during = await createKey();
      expect(await within(replica, during.key, 200, 1000)).toBeLessThan(1000);

      await broker.start();
      down = false;
      await eventually(async () => ((await readiness()).status === 'ready' ? true : undefined), {
        timeoutMs: 90_000,
        intervalMs: 250,
        what: 'the replica on the stream',
      });
      expect(proc.child.exitCode).toBeNull();
      const after = await createKey();
      await within(replica, after.key, 200, 10_000);
    } finally {
      if (down) await broker.start();
    }
  }, 300_000);
});

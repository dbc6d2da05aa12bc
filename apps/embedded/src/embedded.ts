import { join, resolve } from 'node:path';
import { createAuditDataSource, startAudit } from '@causeway/audit';
import { createControlPlaneDataSource, startControlPlane } from '@causeway/control-plane';
import { createDataPlaneDataSource, startDataPlane } from '@causeway/data-plane';
import { startEmbeddedPostgres } from '@causeway/database';
import { InProcessEventBus } from '@causeway/messaging';
import { LocalSecretStore } from '@causeway/secrets';
import { wireDemoConnections } from './demo-connections';
import { portsOf, readDemoState, reissueDemoCredentials, startDemoSimulators, writeDemoState } from './demo-state';
import { embeddedDataPlaneConfig } from './data-plane-config';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { egressEnvSchema } from '@causeway/egress';
import type { EmbeddedConfig } from './config';
import { loadOrCreateEmbeddedSecrets } from './embedded-secrets';
import { simulatorAllowList } from './simulator-egress';
import { DEMO_ADMIN_EMAIL, demoGraphql, demoLogin, demoOperatorPassword, demoTenantIdIn, ensureDemoTenant, type DemoTenant } from './demo-tenant';

export interface RunningEmbedded {
  urls: { controlPlane: string; dataPlane: string; audit: string };
  demo: DemoTenant;
  /** Whether this start created the demo tenant (and so may show its credentials once). */
  demoCreated: boolean;
  /** Providers whose bundled simulator the demo tenant is connected to. */
  demoConnections: string[];
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Composes the three services in one process: the same service code as production, with
 * PGlite behind the Postgres wire protocol and the in-process bus as twins of Postgres and
 * Kafka. This is the only place allowed to import the apps together.
 */
export async function startEmbedded(config: EmbeddedConfig): Promise<RunningEmbedded> {
  const dataDir = resolve(config.CAUSEWAY_DATA_DIR);
  const logger = (service: string) => createLogger(service, config.LOG_LEVEL);
  const db = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite'), port: config.EMBEDDED_DB_PORT });
  const bus = new InProcessEventBus();
  const secrets = loadOrCreateEmbeddedSecrets(join(dataDir, 'service-secrets.json'));
  const demoPassword = demoOperatorPassword(join(dataDir, 'demo-admin-password'));
  const secretStore = await LocalSecretStore.open({
    dir: join(dataDir, 'secrets'),
    masterKey: process.env.CAUSEWAY_MASTER_KEY?.trim() || undefined,
    logger: logger('secrets'),
  });

  // PGlite is one backend, handed to one client per protocol cycle (docs/decisions/0003); one
  // connection per service keeps each service's statements sequential and its session its own.
  const auditDb = createAuditDataSource(db.url, 1);
  const controlDb = createControlPlaneDataSource(db.url, 1);
  const dataPlaneDb = createDataPlaneDataSource(db.url, 1);
  // The bundled upstreams first: the egress allow-list is exactly where they listen. On the
  // previous start's ports, so the demo connections made then keep working with their ids.
  const demoStateFile = join(dataDir, 'demo-connections.json');
  const saved = readDemoState(demoStateFile);
  const { simulators, samePorts } = await startDemoSimulators(saved, logger('embedded'));
  const demoTenantId = demoTenantIdIn(join(dataDir, 'demo.json'));
  // Before the data plane serves: the simulators forgot their tokens, the connections get new ones in place.
  const kept = samePorts && demoTenantId ? await reissueDemoCredentials(secretStore, demoTenantId, saved.connections, simulators) : {};
  writeDemoState(demoStateFile, { ports: portsOf(simulators), connections: kept });
  const allowPrivate = [simulatorAllowList({ ...simulators.wiring, ...simulators.tokenWiring }), config.EMBEDDED_EGRESS_ALLOW_PRIVATE]
    .filter((list) => list.trim() !== '')
    .join(',');
  const egress = { EGRESS_ALLOW_PRIVATE: allowPrivate, EGRESS_PLAIN_HTTP: 'allowed_private' };

  // The audit consumer first, so the control plane's first events find their reader.
  const audit = await startAudit({
    config: {
      PORT: config.AUDIT_PORT,
      HOST: config.HOST,
      LOG_LEVEL: config.LOG_LEVEL,
      AUDIT_CONSUMER_GROUP: 'causeway-audit',
      AUDIT_INTERNAL_TOKEN: secrets.internalToken,
      AUDIT_SIGNING_KEY_FILE: join(dataDir, 'audit-signing-key.pem'),
    },
    logger: logger('audit'),
    registry: createServiceRegistry('audit'),
    dataSource: auditDb,
    bus,
  });
  const controlPlane = await startControlPlane({
    config: {
      PORT: config.CONTROL_PLANE_PORT,
      HOST: config.HOST,
      LOG_LEVEL: config.LOG_LEVEL,
      OUTBOX_POLL_INTERVAL_MS: 5000,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 30 * 86_400,
      // The demo tenant's connections point at the bundled simulators.
      CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES: true,
      AUDIT_URL: audit.url,
      AUDIT_INTERNAL_TOKEN: audit.internalToken,
      // One process on PGlite: count sign-in attempts in memory.
      SIGN_IN_THROTTLE_STORE: 'memory',
      // Browsers reach the embedded default directly: the TCP peer is the client.
      TRUSTED_PROXIES: [],
      CAUSEWAY_SECRETS_DIR: join(dataDir, 'secrets'),
      CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: DEMO_ADMIN_EMAIL,
      CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: demoPassword,
      // The bundled simulators listen on loopback over plain HTTP.
      ...egressEnvSchema.parse(egress),
    },
    secrets,
    secretStore,
    logger: logger('control-plane'),
    registry: createServiceRegistry('control-plane'),
    dataSource: controlDb,
    bus,
  });

  // After the control plane: its start-up snapshot comes from there.
  const dataPlane = await startDataPlane({
    config: embeddedDataPlaneConfig(config, { dataDir, controlPlaneUrl: controlPlane.url, internalToken: secrets.internalToken, egress }),
    apiKeyPepper: secrets.apiKeyPepper,
    secretStore,
    dataSource: dataPlaneDb,
    logger: logger('data-plane'),
    registry: createServiceRegistry('data-plane'),
    bus,
  });
  // Approvals live in the data plane; the control plane's GraphQL reaches them there.
  controlPlane.dataPlane.url = dataPlane.url;
  const demo = await ensureDemoTenant({
    file: join(dataDir, 'demo.json'),
    controlPlaneUrl: controlPlane.url,
    dataPlaneUrl: dataPlane.url,
    password: demoPassword,
  });
  // The demo tenant's first calls work with no account anywhere.
  const demoConnections = await wireDemoConnections(
    demoGraphql(controlPlane.url),
    await demoLogin(controlPlane.url, demoPassword, 'demo'),
    simulators,
    logger('embedded'),
    kept,
  );
  writeDemoState(demoStateFile, { ports: portsOf(simulators), connections: demoConnections.connections });

  return {
    urls: { controlPlane: controlPlane.url, dataPlane: dataPlane.url, audit: audit.url },
    demo: demo.tenant,
    demoCreated: demo.created,
    demoConnections: demoConnections.wired,
    databaseUrl: db.url,
    async stop() {
      // Edge first: stop taking requests, then drain the outbox into the consumers, then storage.
      await dataPlane.close();
      await controlPlane.close();
      await simulators.stop();
      await audit.close();
      await bus.close();
      await Promise.allSettled([controlDb.destroy(), auditDb.destroy(), dataPlaneDb.destroy(), secretStore.close()]);
      await db.stop();
    },
  };
}

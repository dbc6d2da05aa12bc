import 'reflect-metadata';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@causeway/database';
import { InProcessEventBus } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { startAudit } from '../src/audit';
import { createAuditDataSource } from '../src/database/data-source';
import { auditEvent } from './audit-test-support';

/**
 * The audit service as the embedded default composes it (PGlite + in-process bus), in its own
 * process because PGlite cannot load inside Jest's module sandbox. Publishes EVENTS events of
 * TENANT, prints one JSON line with where to reach it, and runs until SIGTERM.
 */
async function main() {
  const { DATA_DIR, TENANT, EVENTS, DB_PORT } = process.env as Record<string, string>;
  const pg = await startEmbeddedPostgres({ dataDir: join(DATA_DIR, 'pglite'), port: Number(DB_PORT) });
  const dataSource = createAuditDataSource(pg.url, 3);
  const bus = new InProcessEventBus();
  const audit = await startAudit({
    config: {
      PORT: 0,
      LOG_LEVEL: 'error',
      AUDIT_CONSUMER_GROUP: 'causeway-audit',
      AUDIT_SIGNING_KEY_FILE: join(DATA_DIR, 'audit-signing-key.pem'),
      AUDIT_CHECKPOINT_INTERVAL_MS: 100,
    },
    logger: createLogger('audit', 'error'),
    registry: createServiceRegistry('audit'),
    dataSource,
    bus,
  });
  await bus.publish(Array.from({ length: Number(EVENTS) }, () => ({ topic: 'causeway.audit.v1', key: TENANT, value: auditEvent(TENANT) })));
  process.stdout.write(`${JSON.stringify({ url: audit.url, token: audit.internalToken, dbUrl: pg.url })}\n`);
  process.once('SIGTERM', () => {
    void (async () => {
      await audit.close();
      await bus.close();
      await dataSource.destroy();
      await pg.stop();
      process.exit(0);
    })();
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

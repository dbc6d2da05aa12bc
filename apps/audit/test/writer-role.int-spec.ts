import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { migrate } from '@causeway/database';
import { InProcessEventBus } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { createScratchDatabase, eventually, uniqueId, type ScratchDatabase } from '@causeway/testing';
import { startAudit, type RunningAudit } from '../src/audit';
import { createAuditDataSource } from '../src/database/data-source';
import { monthPartition } from '../src/store/partitions';
import { auditEvent, bearer, INTERNAL_TOKEN, sql, storedCount } from './audit-test-support';

/**
 * Production logs the service in as a member of `causeway_audit_writer` (created by the
 * migrations) and runs DDL over a separate owner connection. That role can append and read,
 * and cannot change or remove anything that was written.
 */
describe('the causeway_audit_writer role', () => {
  let db: ScratchDatabase;
  let writerUrl: string;
  const login = `audit_writer_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let audit: RunningAudit;
  let bus: InProcessEventBus;
  let writer: DataSource | undefined;
  let owner: DataSource | undefined;
  const tenant = uniqueId('tenant-writer');

  async function asWriter<T>(text: string): Promise<T[]> {
    const client = new Client({ connectionString: writerUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    db = await createScratchDatabase('audit_writer');
    const url = new URL(db.url);
    url.username = login;
    url.password = password;
    writerUrl = url.toString();

    const logger = createLogger('audit', 'fatal');
    bus = new InProcessEventBus();
    writer = createAuditDataSource(writerUrl, 2);
    owner = createAuditDataSource(db.url, 1);
    // What an operator does once: a login role that is a member of the migrations' writer role.
    await sql(db.url, `CREATE ROLE ${login} LOGIN PASSWORD '${password}'`);
    await owner.initialize();
    await migrate(owner);
    await sql(db.url, `GRANT causeway_audit_writer TO ${login}`);
    audit = await startAudit({
      config: { PORT: 0, LOG_LEVEL: 'fatal', AUDIT_CONSUMER_GROUP: 'audit', AUDIT_INTERNAL_TOKEN: INTERNAL_TOKEN, AUDIT_CHECKPOINT_INTERVAL_MS: 100 },
      logger,
      registry: createServiceRegistry('audit'),
      dataSource: writer,
      ownerDataSource: owner,
      bus,
    });
  }, 60_000);

  afterAll(async () => {
    await audit?.close();
    await bus?.close();
    await Promise.allSettled([writer, owner].map((d) => (d?.isInitialized ? d.destroy() : undefined)));
    await db?.drop();
    await sql(process.env.TEST_DATABASE_URL!, `DROP ROLE IF EXISTS ${login}`);
  }, 30_000);

  it('is enough to run the service: events are appended, checkpointed and verified', async () => {
    await bus.publish(Array.from({ length: 25 }, () => ({ topic: 'causeway.audit.v1', key: tenant, value: auditEvent(tenant) })));
    expect(await storedCount(db.url, [tenant])).toBe(25);
    await eventually(
      async () => ((await sql(db.url, `SELECT 1 FROM audit.checkpoints WHERE tenant_id = $1 AND seq = 25`, [tenant])).length ? true : undefined),
      {
        what: 'a checkpoint signed by the writer',
      },
    );
    const verdict = await (await fetch(`${audit.url}/v1/tenants/${tenant}/verify`, { headers: bearer() })).json();
    expect(verdict).toMatchObject({ ok: true, checkedCount: 25 });
  });

  const partition = monthPartition(new Date()).name;
  it.each([
    ['update an event', `UPDATE audit.audit_events SET outcome = 'denied'`],
    ['delete an event', `DELETE FROM audit.audit_events`],
    ['truncate the events', `TRUNCATE audit.audit_events`],
    ['update an event through its partition', `UPDATE audit.${partition} SET outcome = 'denied'`],
    ['delete an event through its partition', `DELETE FROM audit.${partition}`],
    ['drop a partition', `DROP TABLE audit.${partition}`],
    ['update a checkpoint', `UPDATE audit.checkpoints SET seq = seq + 1`],
    ['delete a checkpoint', `DELETE FROM audit.checkpoints`],
    ['forget an event id', `DELETE FROM audit.event_ids`],
    ['rewrite a retention mark', `INSERT INTO audit.chain_prunes VALUES ('t', 1, '\\x00', 'p', now())`],
    ['change the table', `ALTER TABLE audit.audit_events ADD COLUMN sneaky text`],
  ])('cannot %s', async (_what, statement) => {
    await expect(asWriter(statement)).rejects.toThrow(/permission denied|must be (the )?owner/);
  });

  it('can read the events and append only', async () => {
    const [{ n }] = await asWriter<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_events`);
    expect(n).toBe(25);
    const privileges = await sql<{ table_name: string; privilege_type: string }>(
      db.url,
      `SELECT table_name, privilege_type FROM information_schema.role_table_grants
        WHERE grantee = 'causeway_audit_writer' AND table_schema = 'audit' ORDER BY table_name, privilege_type`,
    );
    expect(privileges.map((p) => `${p.table_name}:${p.privilege_type}`)).toEqual([
      'audit_events:INSERT',
      'audit_events:SELECT',
      'chain_heads:INSERT',
      'chain_heads:SELECT',
      'chain_heads:UPDATE',
      'chain_prunes:SELECT',
      'checkpoints:INSERT',
      'checkpoints:SELECT',
      'event_ids:INSERT',
      'event_ids:SELECT',
    ]);
  });
});

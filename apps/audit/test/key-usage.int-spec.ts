import 'reflect-metadata';
import type { Admin, Producer } from 'kafkajs';
import type { AuditEvent } from '@causeway/contracts';
import { KafkaEventBus } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { createScratchDatabase, eventually, testKafkaBrokers, uniqueId, type ScratchDatabase } from '@causeway/testing';
import { startAudit, type RunningAudit } from '../src/audit';
import { createAuditDataSource } from '../src/database/data-source';
import { auditEvent, bearer, connectProducer, INTERNAL_TOKEN, privateTopics, publishEvents, storedCount } from './audit-test-support';

/**
 * The console's usage chart per API key: tool calls, failures and refusals per UTC day,
 * grouped in the audit store, for one key of one tenant over a bounded window.
 */
describe('daily usage of an API key (audit service, on Postgres)', () => {
  let db: ScratchDatabase;
  let topics: { audit: string; deadLetter: string; admin: Admin };
  let producer: Producer;
  let bus: KafkaEventBus;
  let audit: RunningAudit;
  const dataSource = () => createAuditDataSource(db.url, 4);
  let closeDb: () => Promise<void>;
  const tenantA = uniqueId('tenant-a');
  const tenantB = uniqueId('tenant-b');

  const get = async (path: string, headers: Record<string, string> = bearer()) => {
    const response = await fetch(`${audit.url}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') && !text.includes('\n{') ? JSON.parse(text) : text };
  };

  beforeAll(async () => {
    db = await createScratchDatabase('audit_usage');
    topics = await privateTopics('usage');
    producer = await connectProducer();
    const logger = createLogger('audit', process.env.TEST_LOG_LEVEL ?? 'fatal');
    const registry = createServiceRegistry('audit');
    bus = new KafkaEventBus({ brokers: testKafkaBrokers(), clientId: 'audit-usage-test', logger, registry });
    const ds = dataSource();
    closeDb = () => ds.destroy();
    audit = await startAudit({
      config: {
        PORT: 0,
        LOG_LEVEL: 'fatal',
        AUDIT_CONSUMER_GROUP: uniqueId('audit-usage'),
        AUDIT_TOPIC: topics.audit,
        AUDIT_DLQ_TOPIC: topics.deadLetter,
        AUDIT_INTERNAL_TOKEN: INTERNAL_TOKEN,
        AUDIT_CHECKPOINT_INTERVAL_MS: 200,
        KAFKA_BROKERS: testKafkaBrokers(),
      },
      logger,
      registry,
      dataSource: ds,
      bus,
    });

    const now = Date.now();
    const day = (offset: number) =>
      new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) - offset * 86_400_000);
    const at = (offset: number) => new Date(day(offset).getTime() + 60_000).toISOString();
    const call = (tenantId: string, offset: number, overrides: Partial<AuditEvent> = {}) =>
      auditEvent(tenantId, { occurredAt: at(offset), actor: { type: 'api_key', id: 'key-1' }, ...overrides });
    const events: AuditEvent[] = [
      ...['success', 'success', 'success', 'failed', 'denied', 'throttled', 'pending'].map((outcome) =>
        call(tenantA, 0, { outcome: outcome as AuditEvent['outcome'] }),
      ),
      call(tenantA, 1),
      call(tenantA, 1),
      call(tenantA, 100), // outside any window the API allows
      call(tenantA, 0, { actor: { type: 'api_key', id: 'key-2' } }), // another key
      call(tenantA, 0, { action: 'api_key.rotated' }), // not a tool call
      call(tenantA, 0, { actor: { type: 'user', id: 'key-1' } }), // a user whose id happens to match
      ...[1, 2, 3, 4].map(() => call(tenantB, 0)), // the same key id in another tenant
    ];
    await publishEvents(producer, topics.audit, events);
    await eventually(async () => ((await storedCount(db.url)) === events.length ? true : undefined), {
      timeoutMs: 60_000,
      what: `${events.length} stored events`,
    });
  }, 120_000);

  afterAll(async () => {
    await audit?.close();
    await bus?.close();
    await producer?.disconnect();
    await topics?.admin.deleteTopics({ topics: [topics.audit, topics.deadLetter] }).catch(() => undefined);
    await topics?.admin.disconnect();
    await closeDb?.();
    await db?.drop();
  }, 30_000);

  const ymd = (offset: number) =>
    new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - offset * 86_400_000).toISOString().slice(0, 10);

  it("counts one key's tool calls per UTC day of the tenant: failures and refusals apart, undecided holds left out", async () => {
    const { status, body } = await get(`/v1/tenants/${tenantA}/key-usage?keyId=key-1&days=7`);
    expect(status).toBe(200);
    expect(body.data).toEqual([
      { day: ymd(1), calls: 2, errors: 0, refused: 0 },
      { day: ymd(0), calls: 6, errors: 1, refused: 2 },
    ]);
  });

  it('counts only the days asked for, today included', async () => {
    expect((await get(`/v1/tenants/${tenantA}/key-usage?keyId=key-1&days=1`)).body.data).toEqual([{ day: ymd(0), calls: 6, errors: 1, refused: 2 }]);
  });

  it("never counts another tenant's calls, even for the same key id", async () => {
    expect((await get(`/v1/tenants/${tenantB}/key-usage?keyId=key-1&days=90`)).body.data).toEqual([{ day: ymd(0), calls: 4, errors: 0, refused: 0 }]);
    expect((await get(`/v1/tenants/${uniqueId('nobody')}/key-usage?keyId=key-1&days=90`)).body.data).toEqual([]);
  });

  it.each([
    ['keyId=key-1&days=91', 'days'],
    ['keyId=key-1&days=0', 'days'],
    ['keyId=key-1&days=seven', 'days'],
    ['days=7', 'keyId'],
    ['keyId=key-1&extra=1', 'extra'],
  ])('rejects %s with 400 naming the field', async (query, field) => {
    const { status, body } = await get(`/v1/tenants/${tenantA}/key-usage?${query}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_input', retryable: false });
    expect(JSON.stringify(body.error)).toContain(field);
  });

  it('is protected by the internal token', async () => {
    expect((await get(`/v1/tenants/${tenantA}/key-usage?keyId=key-1`, {})).status).toBe(401);
  });
});

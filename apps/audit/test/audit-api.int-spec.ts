import 'reflect-metadata';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import type { AuditEvent } from '@causeway/contracts';
import { KafkaEventBus } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { createScratchDatabase, eventually, runTsProcess, testKafkaBrokers, uniqueId, type ScratchDatabase } from '@causeway/testing';
import { startAudit, type RunningAudit } from '../src/audit';
import { createAuditDataSource } from '../src/database/data-source';
import { auditEvent, bearer, connectProducer, INTERNAL_TOKEN, privateTopics, publishEvents, storedCount } from './audit-test-support';

/**
 * The audit service's HTTP API for the control plane, against real Postgres and Kafka:
 * events travel over a private topic into the store, then are searched, paged, verified
 * and exported through the API.
 */
describe('audit query API', () => {
  let db: ScratchDatabase;
  let topics: { audit: string; deadLetter: string; admin: Admin };
  let producer: Producer;
  let bus: KafkaEventBus;
  let audit: RunningAudit;
  const dataSource = () => createAuditDataSource(db.url, 4);
  let closeDb: () => Promise<void>;
  const tenantA = uniqueId('tenant-a');
  const tenantB = uniqueId('tenant-b');
  const eventsA: AuditEvent[] = [];
  const eventsB: AuditEvent[] = [];

  const get = async (path: string, headers: Record<string, string> = bearer()) => {
    const response = await fetch(`${audit.url}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') && !text.includes('\n{') ? JSON.parse(text) : text };
  };

  beforeAll(async () => {
    db = await createScratchDatabase('audit_api');
    topics = await privateTopics('api');
    producer = await connectProducer();
    const logger = createLogger('audit', process.env.TEST_LOG_LEVEL ?? 'fatal');
    const registry = createServiceRegistry('audit');
    bus = new KafkaEventBus({ brokers: testKafkaBrokers(), clientId: 'audit-api-test', logger, registry });
    const ds = dataSource();
    closeDb = () => ds.destroy();
    audit = await startAudit({
      config: {
        PORT: 0,
        LOG_LEVEL: 'fatal',
        AUDIT_CONSUMER_GROUP: uniqueId('audit-api'),
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

    const actors = ['alice', 'bob', 'carol'];
    const tools = ['slack.post_message', 'jira.create_issue'];
    const outcomes = ['success', 'denied', 'failed'] as const;
    for (let i = 0; i < 30; i++) {
      eventsA.push(
        auditEvent(tenantA, {
          actor: { type: i % 5 === 0 ? 'user' : 'api_key', id: actors[i % 3] },
          tool: tools[i % 2],
          outcome: outcomes[i % 3],
          connectionId: `conn-${i % 4}`,
          correlationId: i < 3 ? 'corr-shared' : `corr-${i}`,
          ...(i % 6 === 0 ? { workflowRunId: 'run-shared' } : {}),
        }),
      );
    }
    // Tenant B uses the very same actors, tools and correlation ids.
    for (let i = 0; i < 10; i++)
      eventsB.push(auditEvent(tenantB, { actor: { type: 'api_key', id: 'alice' }, correlationId: 'corr-shared', workflowRunId: 'run-shared' }));
    await publishEvents(producer, topics.audit, eventsA);
    await publishEvents(producer, topics.audit, eventsB);
    await eventually(async () => ((await storedCount(db.url)) === 40 ? true : undefined), { timeoutMs: 60_000, what: '40 stored events' });
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

  describe('is protected', () => {
    it.each([
      ['no token', {}],
      ['a wrong token', bearer('x'.repeat(48))],
      ['a token in the wrong scheme', { authorization: `Basic ${INTERNAL_TOKEN}` }],
    ])('refuses %s with 401 in the contract error shape', async (_what, headers) => {
      for (const path of [
        `/v1/tenants/${tenantA}/events`,
        `/v1/tenants/${tenantA}/verify`,
        `/v1/tenants/${tenantA}/export`,
        `/v1/tenants/${tenantA}/checkpoints`,
        '/v1/audit/public-key',
      ]) {
        const { status, body } = await get(path, headers);
        expect({ path, status, body }).toEqual({
          path,
          status: 401,
          body: { error: { code: 'unauthenticated', message: expect.any(String), retryable: false, requestId: expect.any(String) } },
        });
      }
    });

    it('keeps the probes and the metrics open', async () => {
      for (const path of ['/healthz', '/readyz', '/metrics']) expect((await get(path, {})).status).toBe(200);
    });
  });

  describe('GET /v1/tenants/:tenantId/events', () => {
    it('returns the tenant events newest first with their chain fields', async () => {
      const { status, body } = await get(`/v1/tenants/${tenantA}/events?first=5`);
      expect(status).toBe(200);
      expect(body.data.map((e: { seq: number }) => e.seq)).toEqual([30, 29, 28, 27, 26]);
      expect(body.data[0]).toEqual({
        seq: 30,
        storedAt: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        event: eventsA[29],
      });
      expect(body.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });
    });

    it('pages through everything with the opaque cursor, without gaps or repeats', async () => {
      const seen: number[] = [];
      let after: string | null = null;
      do {
        const { body }: { body: { data: { seq: number }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } = await get(
          `/v1/tenants/${tenantA}/events?first=7${after ? `&after=${after}` : ''}`,
        );
        seen.push(...body.data.map((e) => e.seq));
        after = body.pageInfo.hasNextPage ? body.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    });

    it.each([
      ['actor', 'actor=bob', (e: AuditEvent) => e.actor.id === 'bob'],
      ['actor type', 'actorType=user', (e: AuditEvent) => e.actor.type === 'user'],
      ['tool', 'tool=jira.create_issue', (e: AuditEvent) => e.tool === 'jira.create_issue'],
      ['connection', 'connectionId=conn-2', (e: AuditEvent) => e.connectionId === 'conn-2'],
      ['outcome', 'outcome=denied', (e: AuditEvent) => e.outcome === 'denied'],
      ['correlation id', 'correlationId=corr-shared', (e: AuditEvent) => e.correlationId === 'corr-shared'],
      ['action', 'action=tool.call', () => true],
      ['workflow run', 'workflowRunId=run-shared', (e: AuditEvent) => e.workflowRunId === 'run-shared'],
      [
        'several filters at once',
        'actor=alice&outcome=success&tool=slack.post_message',
        (e: AuditEvent) => e.actor.id === 'alice' && e.outcome === 'success' && e.tool === 'slack.post_message',
      ],
    ])('filters by %s', async (_what, query, matches) => {
      const { body } = await get(`/v1/tenants/${tenantA}/events?first=500&${query}`);
      const expected = eventsA
        .filter(matches)
        .map((e) => e.id)
        .reverse();
      expect(expected.length).toBeGreaterThan(0);
      expect(body.data.map((e: { event: AuditEvent }) => e.event.id)).toEqual(expected);
    });

    it('filters by a half-open time range on occurredAt', async () => {
      const from = eventsA[10].occurredAt;
      const to = eventsA[20].occurredAt;
      const { body } = await get(`/v1/tenants/${tenantA}/events?first=500&from=${from}&to=${to}`);
      expect(body.data.map((e: { event: AuditEvent }) => e.event.id)).toEqual(
        eventsA
          .slice(10, 20)
          .map((e) => e.id)
          .reverse(),
      );
    });

    it("cannot reach another tenant's events, whatever filter or cursor is sent", async () => {
      const { body: a } = await get(`/v1/tenants/${tenantA}/events?first=500&correlationId=corr-shared`);
      expect(a.data.every((e: { event: AuditEvent }) => e.event.tenantId === tenantA)).toBe(true);
      // A cursor taken from tenant B's listing only positions within tenant A.
      const { body: b } = await get(`/v1/tenants/${tenantB}/events?first=2`);
      const { body: aWithBCursor } = await get(`/v1/tenants/${tenantA}/events?first=500&after=${b.pageInfo.endCursor}`);
      expect(aWithBCursor.data.every((e: { event: AuditEvent }) => e.event.tenantId === tenantA)).toBe(true);
      const { body: none } = await get(`/v1/tenants/${uniqueId('tenant-c')}/events`);
      expect(none.data).toEqual([]);
    });

    it.each([
      ['first=0', 'first'],
      ['first=501', 'first'],
      ['from=yesterday', 'from'],
      ['outcome=maybe', 'outcome'],
      ['after=not-a-cursor', 'after'],
      ['tenant=other', 'tenant'],
      [`from=${encodeURIComponent('2026-03-02T00:00:00Z')}&to=${encodeURIComponent('2026-03-01T00:00:00Z')}`, 'to'],
    ])('rejects %s with 400 naming the field', async (query, field) => {
      const { status, body } = await get(`/v1/tenants/${tenantA}/events?${query}`);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_input', field, retryable: false });
    });
  });

  describe('GET /v1/tenants/:tenantId/verify', () => {
    it('answers ok for an intact chain, after the checkpoints are signed', async () => {
      await eventually(async () => ((await get(`/v1/tenants/${tenantA}/checkpoints`)).body.data[0]?.seq === 30 ? true : undefined), {
        what: 'a checkpoint at the head',
      });
      const verdict = (await get(`/v1/tenants/${tenantA}/verify`)).body;
      expect(verdict).toEqual({ ok: true, checkedCount: 30, headSeq: 30, checkpointsChecked: expect.any(Number) });
      expect(verdict.checkpointsChecked).toBeGreaterThanOrEqual(1);
      expect((await get(`/v1/tenants/${tenantA}/verify?fromSeq=10&toSeq=20`)).body).toMatchObject({ ok: true, checkedCount: 11, headSeq: 20 });
      expect((await get(`/v1/tenants/${tenantA}/verify?columns=true`)).body).toMatchObject({ ok: true, checkedCount: 30 });
      expect((await get(`/v1/tenants/${tenantB}/verify`)).body).toMatchObject({ ok: true, checkedCount: 10 });
    });

    it('rejects a reversed range with 400', async () => {
      const { status, body } = await get(`/v1/tenants/${tenantA}/verify?fromSeq=9&toSeq=3`);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_input', field: 'toSeq' });
    });
  });

  describe('export', () => {
    it('streams NDJSON with the chain fields that the CLI verifies offline with the public key', async () => {
      const { body: key } = await get('/v1/audit/public-key');
      expect(key).toEqual({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
      expect(createPublicKey(key.publicKeyPem).asymmetricKeyType).toBe('ed25519');

      const { status, body } = await get(`/v1/tenants/${tenantA}/export`);
      expect(status).toBe(200);
      const lines = (body as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ kind: 'segment', tenantId: tenantA, fromSeq: 1, toSeq: 30 });
      expect(lines.filter((l) => l.kind === 'checkpoint').length).toBeGreaterThan(0);
      const events = lines.filter((l) => l.kind === 'event');
      expect(events.map((l) => l.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(events[0]).toEqual({ kind: 'event', seq: 1, prevHash: '0'.repeat(64), hash: expect.any(String), storedAt: expect.any(String), event: eventsA[0] });

      const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
      writeFileSync(join(dir, 'export.ndjson'), body as string);
      writeFileSync(join(dir, 'key.pem'), key.publicKeyPem);
      const ok = await runTsProcess('apps/audit/src/cli.ts', {}, ['verify', '--file', join(dir, 'export.ndjson'), '--public-key', join(dir, 'key.pem')]);
      expect(ok.code).toBe(0);
      expect(ok.output).toMatch(/^ok: 30 events verified up to sequence 30, [1-9]\d* signed checkpoints matched\n$/);

      // The same file with one event edited is refused at that event's sequence.
      const tampered = (body as string).replace(`"channel":"#general"`, `"channel":"#random"`);
      writeFileSync(join(dir, 'tampered.ndjson'), tampered);
      const broken = await runTsProcess('apps/audit/src/cli.ts', {}, ['verify', '--file', join(dir, 'tampered.ndjson'), '--public-key', join(dir, 'key.pem')]);
      expect(broken.code).toBe(1);
      expect(broken.output).toMatch(/^broken at sequence 1: hash does not match/);
    }, 60_000);

    it('exports only the chain stretch of a time range', async () => {
      const { body } = await get(`/v1/tenants/${tenantA}/export?from=${eventsA[5].occurredAt}&to=${eventsA[8].occurredAt}`);
      const lines = (body as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ fromSeq: 6, toSeq: 8 });
      expect(lines.filter((l) => l.kind === 'event').map((l) => l.event.id)).toEqual(eventsA.slice(5, 8).map((e) => e.id));
    });
  });

  it('exports the audit metrics', async () => {
    const { body } = await get('/metrics', {});
    for (const name of [
      'causeway_audit_events_stored_total',
      'causeway_audit_write_duration_seconds',
      'causeway_audit_dead_lettered_total',
      'causeway_audit_consumer_lag',
      'causeway_audit_verification_failures_total',
      'causeway_audit_checkpoints_signed_total',
    ]) {
      expect(body).toContain(name);
    }
    expect(body).toMatch(/causeway_audit_events_stored_total\{service="audit"\} 40/);
  });
});

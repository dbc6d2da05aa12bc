import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import type { AuditEvent } from '@causeway/contracts';
import {
  createScratchDatabase,
  eventually,
  freePort,
  startTsProcess,
  testKafkaBrokers,
  uniqueId,
  waitForReady,
  type ScratchDatabase,
  type ServiceProcess,
} from '@causeway/testing';
import { auditEvent, bearer, connectProducer, INTERNAL_TOKEN, privateTopics, publishEvents, sql, storedCount } from './audit-test-support';

const TOTAL = 2000;

/**
 * The audit service as its own process, killed with SIGKILL while it ingests and started
 * again: the store ends up with every event exactly once, each tenant's sequence numbers
 * contiguous from 1, and the chains verify. Only the audit process dies; the shared broker
 * and database stay up.
 */
describe('audit service killed mid-ingest', () => {
  let db: ScratchDatabase;
  let topics: { audit: string; deadLetter: string; admin: Admin };
  let producer: Producer;
  let env: Record<string, string>;
  const running: ServiceProcess[] = [];
  const tenants = Array.from({ length: 8 }, (_, i) => uniqueId(`crash-${i}`));
  const events: AuditEvent[] = Array.from({ length: TOTAL }, (_, i) => auditEvent(tenants[i % tenants.length]));

  async function start(groupId = env.AUDIT_CONSUMER_GROUP): Promise<{ proc: ServiceProcess; url: string }> {
    const port = await freePort();
    const proc = startTsProcess('audit', 'apps/audit/src/main.ts', { ...env, AUDIT_CONSUMER_GROUP: groupId, PORT: String(port) });
    running.push(proc);
    const url = `http://127.0.0.1:${port}`;
    await waitForReady(`${url}/readyz`, proc);
    return { proc, url };
  }

  const stored = () => storedCount(db.url, tenants);

  beforeAll(async () => {
    db = await createScratchDatabase('audit_crash');
    topics = await privateTopics('crash');
    producer = await connectProducer();
    env = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      AUDIT_CONSUMER_GROUP: uniqueId('audit-crash'),
      AUDIT_TOPIC: topics.audit,
      AUDIT_DLQ_TOPIC: topics.deadLetter,
      AUDIT_INTERNAL_TOKEN: INTERNAL_TOKEN,
      // The key survives restarts, as in production, so earlier checkpoints still verify.
      AUDIT_SIGNING_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'audit-key-')), 'signing-key.pem'),
      AUDIT_CHECKPOINT_INTERVAL_MS: '300',
      LOG_LEVEL: 'warn',
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await producer?.disconnect();
    await topics?.admin.deleteTopics({ topics: [topics.audit, topics.deadLetter] }).catch(() => undefined);
    await topics?.admin.disconnect();
    await db?.drop();
  }, 30_000);

  it('loses and duplicates nothing across two SIGKILLs while events keep arriving', async () => {
    let service = await start();
    // Events arrive over about three seconds, in small sends, so the kills land mid-stream.
    const producing = (async () => {
      for (let i = 0; i < TOTAL; i += 50) {
        await publishEvents(producer, topics.audit, events.slice(i, i + 50));
        await new Promise((r) => setTimeout(r, 75));
      }
    })();

    const killedAt: number[] = [];
    for (const threshold of [300, 1000]) {
      await eventually(async () => ((await stored()) >= threshold ? true : undefined), { timeoutMs: 60_000, intervalMs: 5, what: `${threshold} stored` });
      await service.proc.stop('SIGKILL');
      killedAt.push(await stored());
      service = await start();
    }
    await producing;
    expect(killedAt[0]).toBeLessThan(TOTAL);

    await eventually(async () => ((await stored()) >= TOTAL ? true : undefined), { timeoutMs: 90_000, intervalMs: 100, what: `${TOTAL} stored` });
    // Give a late duplicate the time to show up if the store let one through.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stored()).toBe(TOTAL);
    const [{ distinct }] = await sql<{ distinct: number }>(db.url, `SELECT count(DISTINCT id)::int AS distinct FROM audit.audit_events`);
    expect(distinct).toBe(TOTAL);

    const perTenant = await sql<{ tenant_id: string; n: number; min: string; max: string; distinct_seq: number }>(
      db.url,
      `SELECT tenant_id, count(*)::int AS n, min(seq) AS min, max(seq) AS max, count(DISTINCT seq)::int AS distinct_seq
         FROM audit.audit_events GROUP BY tenant_id ORDER BY tenant_id`,
    );
    expect(perTenant).toHaveLength(tenants.length);
    for (const t of perTenant)
      expect(t).toEqual({ ...t, n: TOTAL / tenants.length, min: '1', max: String(TOTAL / tenants.length), distinct_seq: TOTAL / tenants.length });

    // Per tenant, the chain keeps the order in which the tenant's events were published.
    const order = await sql<{ id: string }>(db.url, `SELECT id FROM audit.audit_events WHERE tenant_id = $1 ORDER BY seq`, [tenants[0]]);
    expect(order.map((r) => r.id)).toEqual(events.filter((e) => e.tenantId === tenants[0]).map((e) => e.id));

    for (const tenant of tenants) {
      const verdict = await (await fetch(`${service.url}/v1/tenants/${tenant}/verify`, { headers: bearer() })).json();
      expect(verdict).toMatchObject({ ok: true, checkedCount: TOTAL / tenants.length });
    }
  }, 180_000);

  it('stores nothing twice when a fresh consumer group replays the whole topic', async () => {
    const replay = await start(uniqueId('audit-replay'));
    await eventually(
      async () => {
        const metrics = await (await fetch(`${replay.url}/metrics`)).text();
        const skipped = Number(/causeway_audit_duplicates_skipped_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
        return skipped >= TOTAL ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the replay to skip every event' },
    );
    expect(await stored()).toBe(TOTAL);
  }, 90_000);
});

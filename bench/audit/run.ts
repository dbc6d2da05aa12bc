/**
 * Audit service benchmark (on demand, not part of the tests):
 *
 *   node -r @swc-node/register bench/audit/run.ts
 *
 * Uses the test infrastructure (tools/infra: PostgreSQL on 55432, Kafka on 59092) unless
 * BENCH_DATABASE_URL / BENCH_KAFKA_BROKERS say otherwise. Every phase works in its own scratch
 * database and topic, dropped at the end. Knobs: BENCH_EVENTS (backlog drained per consumer,
 * default 200000), BENCH_TENANTS (100), BENCH_RATES (events/s for the latency phase, comma
 * separated; default 1000 and half the best sustained rate), BENCH_LATENCY_SECONDS (20),
 * BENCH_VERIFY_EVENTS (1000000), BENCH_PHASES (comma separated subset of
 * raw,ingest,latency,verify; default all).
 */
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { migrate } from '@causeway/database';
import { KafkaEventBus, type EventBus, type ReceivedMessage } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { canonicalJson } from '@causeway/contracts';
import { CheckpointStore } from '../../apps/audit/src/checkpoints/checkpoint-store';
import { Checkpointer } from '../../apps/audit/src/checkpoints/checkpointer';
import { loadSigningKey } from '../../apps/audit/src/checkpoints/signing-key';
import { createAuditDataSource } from '../../apps/audit/src/database/data-source';
import { AuditIngestor } from '../../apps/audit/src/ingest/audit-ingestor';
import { AuditStore } from '../../apps/audit/src/store/audit-store';
import { ensurePartitions } from '../../apps/audit/src/store/partitions';
import { ChainVerification } from '../../apps/audit/src/verify/chain-verification';
import { adapterAsIs, kafkajsFixed, platformatic, type BatchSubscriber } from './subscribers';
import { percentile, toolCallEvent } from './synthetic-events';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://causeway:causeway@127.0.0.1:55432/causeway';
const BROKERS = (process.env.BENCH_KAFKA_BROKERS ?? process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:59092').split(',');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const VERIFY_EVENTS = Number(process.env.BENCH_VERIFY_EVENTS ?? 1_000_000);
/** A consumer that makes no progress for this long is reported as stalled. */
const STALL_MS = 20_000;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'raw,ingest,latency,verify').split(','));

const run = `${Date.now().toString(36)}`;
const logger = createLogger('bench', 'fatal');
const kafka = new Kafka({ clientId: 'bench-audit', brokers: BROKERS, logLevel: logLevel.NOTHING });
const tenants = Array.from({ length: TENANTS }, (_, i) => `bench-tenant-${i}`);
const databases: string[] = [];
const topics: string[] = [];
const results: Record<string, unknown> = {};

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Benchmarks produce only valid events; a dead letter would mean the benchmark is broken.
const noDeadLetters: EventBus = {
  kind: 'kafka',
  publish: async () => {
    throw new Error('unexpected dead letter in the benchmark');
  },
  subscribe: async () => {
    throw new Error('not used');
  },
  check: async () => undefined,
  close: async () => undefined,
};

async function main() {
  say(`audit benchmark: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${await postgresVersion()}`);
  say(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (other work on this machine skews every figure)`,
  );
  say(`backlog ${EVENTS} events over ${TENANTS} tenants, 6 partitions; Kafka and PostgreSQL share this machine\n`);
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const backlog = PHASES.has('raw') || PHASES.has('ingest') ? await topic(admin, 'backlog') : '';
    if (backlog) {
      const produced = await produceBacklog(producer, backlog);
      say(`produced the backlog at ${fmt(produced)} events/s (kafkajs, acks=all)\n`);
    }

    if (PHASES.has('raw')) say('1. raw consume, no database (messages/s):');
    for (const subscriber of PHASES.has('raw') ? [kafkajsFixed(BROKERS), platformatic(BROKERS)] : []) {
      const rate = await rawConsume(subscriber, backlog);
      results[`raw:${subscriber.name}`] = rate;
      say(`   ${subscriber.name.padEnd(40)} ${fmt(rate)}`);
    }

    if (PHASES.has('ingest')) say('\n2. sustained ingest, Kafka backlog -> chained rows in PostgreSQL (events/s):');
    const bus = new KafkaEventBus({ brokers: BROKERS, clientId: 'bench-bus', logger });
    const drains: { name: string; rate: number }[] = [];
    for (const subscriber of PHASES.has('ingest') ? [kafkajsFixed(BROKERS), platformatic(BROKERS), adapterAsIs(bus)] : []) {
      const outcome = await drain(subscriber, backlog);
      results[`ingest:${subscriber.name}`] = outcome;
      if (outcome.stalledAt === undefined) drains.push({ name: subscriber.name, rate: outcome.rate });
      say(
        `   ${subscriber.name.padEnd(40)} ${
          outcome.stalledAt === undefined
            ? `${fmt(outcome.rate)}  (${EVENTS} in ${outcome.seconds.toFixed(1)} s)`
            : `STALLED at ${outcome.stalledAt} stored; ${fmt(outcome.delivered)} messages delivered (redeliveries of the first fetch)`
        }`,
      );
    }
    await bus.close();
    const best = drains.sort((a, b) => b.rate - a.rate)[0];

    const rates = (process.env.BENCH_RATES ?? `1000,${Math.floor((best?.rate ?? 4000) / 2)}`).split(',').map(Number);
    if (PHASES.has('latency')) say(`\n3. publish -> queryable latency, ${LATENCY_SECONDS} s at each rate:`);
    for (const rate of PHASES.has('latency') ? rates : []) {
      for (const subscriber of [kafkajsFixed(BROKERS), platformatic(BROKERS)]) {
        const latency = await publishToQueryable(admin, producer, subscriber, rate);
        results[`latency@${rate}:${subscriber.name}`] = latency;
        say(
          `   ${`${fmt(rate)}/s ${subscriber.name}`.padEnd(48)} p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms` +
            ` (${latency.count} events, published at ${fmt(latency.publishedRate)}/s)`,
        );
      }
    }

    if (PHASES.has('verify')) {
      say(`\n4. verification of ${VERIFY_EVENTS} events of one tenant:`);
      const verification = await verifyMillion();
      results.verification = verification;
      say(`   synthesised through AuditStore.append (no Kafka): ${fmt(verification.appendRate)} events/s`);
      for (const run of verification.runs) {
        say(
          `   verify${run.checkColumns ? ' --columns' : '          '}: ${run.seconds.toFixed(2)} s wall, ${run.nodeCpuSeconds.toFixed(2)} s CPU in the verifying ` +
            `process (${fmt(VERIFY_EVENTS / run.seconds)} events/s), verdict ${JSON.stringify(run.verdict)}`,
        );
      }
    }
    say(
      `\nload average at end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    say(`\n${JSON.stringify(results)}`);
  } finally {
    await producer.disconnect();
    if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }
}

async function topic(admin: ReturnType<Kafka['admin']>, purpose: string): Promise<string> {
  const name = `bench-audit-${purpose}-${run}-${Math.random().toString(36).slice(2, 6)}`;
  await admin.createTopics({ topics: [{ topic: name, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
  topics.push(name);
  return name;
}

async function produceBacklog(producer: Producer, name: string): Promise<number> {
  const started = Date.now();
  const chunk = 2000;
  for (let i = 0; i < EVENTS; i += chunk) {
    const events = Array.from({ length: Math.min(chunk, EVENTS - i) }, (_, j) => toolCallEvent(tenants[(i + j) % TENANTS], i + j));
    await producer.send({ topic: name, acks: -1, messages: events.map((e) => ({ key: e.tenantId, value: JSON.stringify(e) })) });
  }
  return EVENTS / ((Date.now() - started) / 1000);
}

async function rawConsume(subscriber: BatchSubscriber, name: string): Promise<number> {
  let count = 0;
  let first = 0;
  let last = 0;
  const subscription = await subscriber.subscribe({
    groupId: `bench-raw-${run}-${Math.random()}`,
    topics: [name],
    fromBeginning: true,
    handleBatch: async (messages) => {
      first ||= Date.now();
      count += messages.length;
      last = Date.now();
    },
  });
  await until(() => count >= EVENTS, 120_000);
  await subscription.close();
  return count / ((last - first) / 1000 || 1);
}

interface DrainOutcome {
  rate: number;
  seconds: number;
  stalledAt?: number;
  delivered: number;
}

async function drain(subscriber: BatchSubscriber, name: string): Promise<DrainOutcome> {
  const db = await scratchDatabase('drain');
  let stored = 0;
  let delivered = 0;
  let first = 0;
  let last = 0;
  const store = new AuditStore(db);
  const counting = {
    append: async (batch: Parameters<AuditStore['append']>[0]) => {
      const result = await store.append(batch);
      stored += result.stored;
      if (result.stored) last = Date.now();
      return result;
    },
  };
  const ingestor = new AuditIngestor({ store: counting, bus: noDeadLetters, deadLetterTopic: 'none', logger, registry: new Registry() });
  const subscription = await subscriber.subscribe({
    groupId: `bench-drain-${run}-${Math.random()}`,
    topics: [name],
    fromBeginning: true,
    handleBatch: async (messages: ReceivedMessage[]) => {
      first ||= Date.now();
      delivered += messages.length;
      await ingestor.handleBatch(messages);
    },
  });
  let progressAt = Date.now();
  let seen = 0;
  while (stored < EVENTS) {
    await sleep(100);
    if (stored !== seen) [seen, progressAt] = [stored, Date.now()];
    if (Date.now() - progressAt > STALL_MS) break;
  }
  await subscription.close().catch(() => undefined);
  await db.destroy();
  const seconds = (last - first) / 1000;
  return stored < EVENTS ? { rate: 0, seconds, stalledAt: stored, delivered } : { rate: stored / seconds, seconds, delivered };
}

async function publishToQueryable(admin: ReturnType<Kafka['admin']>, producer: Producer, subscriber: BatchSubscriber, rate: number) {
  const name = await topic(admin, 'latency');
  const db = await scratchDatabase('latency');
  const ingestor = new AuditIngestor({ store: new AuditStore(db), bus: noDeadLetters, deadLetterTopic: 'none', logger, registry: new Registry() });
  const subscription = await subscriber.subscribe({
    groupId: `bench-latency-${run}-${Math.random()}`,
    topics: [name],
    fromBeginning: true,
    handleBatch: (messages) => ingestor.handleBatch(messages),
  });
  await sleep(3000); // let the group settle, so the numbers measure flow and not the join

  const publishedAt = new Map<string, number>();
  const latencies: number[] = [];
  let sent = 0;
  let polling = true;
  let stopAt = Number.POSITIVE_INFINITY;
  const poller = (async () => {
    const lastSeq = new Map(tenants.map((t) => [t, 0]));
    while (polling || publishedAt.size > 0) {
      // "Queryable" is "committed and visible to a new query", what the query API sees.
      const rows: { tenant_id: string; seq: string; id: string }[] = await db.query(
        `SELECT t.tenant_id, e.seq, e.id FROM unnest($1::text[], $2::int8[]) AS t(tenant_id, last)
           CROSS JOIN LATERAL (SELECT seq, id FROM audit.audit_events e
                                WHERE e.tenant_id = t.tenant_id AND e.seq > t.last ORDER BY seq LIMIT 5000) e`,
        [[...lastSeq.keys()], [...lastSeq.values()]],
      );
      const now = Date.now();
      for (const row of rows) {
        const at = publishedAt.get(row.id);
        if (at !== undefined) {
          latencies.push(now - at);
          publishedAt.delete(row.id);
        }
        lastSeq.set(row.tenant_id, Math.max(lastSeq.get(row.tenant_id)!, Number(row.seq)));
      }
      if (!polling && now - stopAt > 30_000) break;
      await sleep(20);
    }
  })();

  const tickMs = 10;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const started = Date.now();
  let i = 0;
  while (Date.now() - started < LATENCY_SECONDS * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    if (sent < due) {
      const events = Array.from({ length: Math.min(perTick * 5, due - sent) }, () => toolCallEvent(tenants[i++ % TENANTS], i));
      const at = Date.now();
      for (const e of events) publishedAt.set(e.id, at);
      await producer.send({ topic: name, acks: -1, messages: events.map((e) => ({ key: e.tenantId, value: JSON.stringify(e) })) });
      sent += events.length;
    } else {
      await sleep(tickMs / 2);
    }
  }
  const publishedRate = sent / ((Date.now() - started) / 1000);
  polling = false;
  stopAt = Date.now();
  await poller;
  await subscription.close().catch(() => undefined);
  await db.destroy();
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    missing: sent - latencies.length,
    publishedRate,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
  };
}

async function verifyMillion() {
  const db = await scratchDatabase('verify');
  const tenantId = 'bench-verify-tenant';
  const store = new AuditStore(db);
  const key = loadSigningKey({});
  const checkpoints = new CheckpointStore(db);
  const checkpointer = new Checkpointer({ store: checkpoints, key, logger, registry: new Registry(), intervalMs: 3_600_000 });
  const started = Date.now();
  const chunk = 5000;
  for (let i = 0; i < VERIFY_EVENTS; i += chunk) {
    const batch = Array.from({ length: Math.min(chunk, VERIFY_EVENTS - i) }, (_, j) => toolCallEvent(tenantId, i + j));
    await store.append(batch.map((event) => ({ event, canonical: canonicalJson(event) })));
    if ((i + chunk) % 250_000 === 0) await checkpointer.runOnce();
  }
  await checkpointer.runOnce();
  const appendRate = VERIFY_EVENTS / ((Date.now() - started) / 1000);
  await db.query('VACUUM ANALYZE audit.audit_events');

  const verification = new ChainVerification(db, checkpoints, new Map([[key.keyId, key.publicKey]]));
  const runs = [];
  // The first pass warms PostgreSQL's cache, as a scheduled verification would find it.
  for (const checkColumns of [false, false, true]) {
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const verdict = await verification.verify(tenantId, { checkColumns });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = process.cpuUsage(cpu);
    runs.push({ checkColumns, seconds, nodeCpuSeconds: (used.user + used.system) / 1e6, verdict });
  }
  await db.destroy();
  return { appendRate, runs: runs.slice(1) };
}

async function scratchDatabase(purpose: string): Promise<DataSource> {
  const name = `bench_audit_${purpose}_${run}_${Math.random().toString(36).slice(2, 6)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createAuditDataSource(url.toString(), 4);
  await db.initialize();
  await migrate(db);
  await ensurePartitions(db, 1);
  return db;
}

async function adminQuery(sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function postgresVersion(): Promise<string> {
  const [row] = (await adminQuery('SHOW server_version')) as { server_version: string }[];
  return `PostgreSQL ${row.server_version}`;
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('benchmark phase timed out');
    await sleep(20);
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

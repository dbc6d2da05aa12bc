/**
 * Events benchmark (on demand, not part of the tests): sustained ingest → delivered throughput
 * and end-to-end latency on the Kafka path.
 *
 *   node -r @swc-node/register bench/events/run.ts
 *
 * Ingest: signed GitHub `pull_request` webhooks (as GitHub signs them, X-Hub-Signature-256)
 * posted to the data plane's `POST /v1/webhooks/{tenant}/{connection}`, open loop at fixed
 * rates. Delivered: the Standard Webhooks POSTs the delivery worker makes to a local agent
 * receiver (this process) for one subscription. End-to-end latency: from the webhook's send
 * to the receiver reading the delivery, both on this process's clock.
 *
 * The data plane runs in a child (targets: `target.ts`) on PostgreSQL (a scratch database on
 * BENCH_DATABASE_URL, default the test infrastructure's 55432, dropped at the end) with its
 * CloudEvents published to Kafka (BENCH_KAFKA_BROKERS, default 127.0.0.1:59092) on a topic of
 * this run, deleted at the end.
 *
 * Knobs: BENCH_RATES (events/s, comma separated; default 250,500,1000), BENCH_SECONDS (per
 * rate, default 20), BENCH_DRAIN_SECONDS (how long to wait for the last deliveries, default
 * 30), BENCH_SUBJECTS (distinct pull requests, the unit of ordering; default 500),
 * BENCH_WARMUP_SECONDS (a first, unreported phase at the highest rate; default 5),
 * BENCH_PROFILE=1 (a CPU profile of the data plane during the last rate, summarised).
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Pool } from 'undici';
import { githubWebhook } from '@causeway/simulators';
import { printSummary, summarize } from '../data-plane/profile-summary';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://causeway:causeway@127.0.0.1:55432/causeway';
const BROKERS = process.env.BENCH_KAFKA_BROKERS ?? process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:59092';
const RATES = (process.env.BENCH_RATES ?? '250,500,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 30);
/** A first phase at the highest rate, not reported: JIT, the pools' connections, Kafka's topic metadata. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 500);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Webhooks awaiting their answer beyond this are not sent: the client, not the server, would be measured. */
const MAX_IN_FLIGHT = 4000;

const run = Date.now().toString(36);
const dir = mkdtempSync(join(tmpdir(), 'bench-events-'));
const database = `bench_events_${run}`;
const topic = `causeway.events.v1.bench-${run}`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sent {
  phase: number;
  sentAt: number;
  ackedAt?: number;
  deliveredAt?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);

  // The agent's endpoint: reads each delivery, answers 204 at once.
  const sent = new Map<string, Sent>();
  let duplicates = 0;
  let unknown = 0;
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const now = performance.now();
      response.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { deliveryid?: string };
      const entry = event.deliveryid ? sent.get(event.deliveryid) : undefined;
      if (!entry) unknown += 1;
      else if (entry.deliveredAt !== undefined) duplicates += 1;
      else entry.deliveredAt = now;
    });
  });
  receiver.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const log = openSync(join(dir, 'target.log'), 'a');
  const child: ChildProcess = fork(join(__dirname, 'target.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: {
      ...process.env,
      BENCH_DIR: dir,
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_KAFKA_BROKERS: BROKERS,
      BENCH_EVENTS_TOPIC: topic,
      BENCH_RECEIVER_URL: receiverUrl,
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  const next = (type: string, timeoutMs = 120_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`target: no ${type} within ${timeoutMs} ms (see ${join(dir, 'target.log')})`)), timeoutMs);
      const onExit = () => reject(new Error(`target exited: ${readFileSync(join(dir, 'target.log'), 'utf8').slice(-2000)}`));
      child.once('exit', onExit);
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      child.on('message', onMessage);
    });

  const results: Record<string, unknown>[] = [];
  try {
    const ready = (await next('ready')) as { url: string; tenantId: string; connectionId: string; webhookSecret: string };
    const ingestUrl = new URL(ready.url);
    const path = `/v1/webhooks/${ready.tenantId}/${ready.connectionId}`;
    const pool = new Pool(ingestUrl.origin, { connections: 64, pipelining: 1 });
    say(
      `# bench/events run ${run}: ${cpus().length} cpus, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at start`,
    );
    say(`# data plane ${ready.url} (PostgreSQL ${database}, Kafka ${BROKERS} topic ${topic}); receiver ${receiverUrl}`);

    let counter = 0;
    const plan = [
      ...(WARMUP_SECONDS > 0 ? [{ rate: Math.max(...RATES), seconds: WARMUP_SECONDS, warmup: true }] : []),
      ...RATES.map((rate) => ({ rate, seconds: SECONDS, warmup: false })),
    ];
    for (const [phase, { rate, seconds, warmup }] of plan.entries()) {
      const profiling = PROFILE && phase === plan.length - 1;
      if (profiling) {
        child.send({ cmd: 'profile-start' });
        await next('profile-started');
      }
      child.send({ cmd: 'stats' });
      const cpuBefore = (await next('stats')).cpu as { user: number; system: number };
      const machineBefore = machineJiffies();
      let inFlight = 0;
      let errors = 0;
      let skipped = 0;
      const statuses: Record<string, number> = {};
      const started = performance.now();
      const loadBefore = loadavg()[0];
      // Open loop: every 10 ms, the events owed by then, whatever the answers so far.
      let offered = 0;
      while (performance.now() - started < seconds * 1000) {
        const owed = Math.floor(((performance.now() - started) / 1000) * rate);
        for (; offered < owed; offered++) {
          if (inFlight >= MAX_IN_FLIGHT) {
            skipped += 1;
            continue;
          }
          const n = counter++;
          const hook = githubWebhook(ready.webhookSecret, 'pull_request', {
            action: 'opened',
            number: (n % SUBJECTS) + 1,
            pull_request: { number: (n % SUBJECTS) + 1, title: `bench ${n}` },
            repository: { full_name: 'acme/api' },
          });
          const entry: Sent = { phase, sentAt: performance.now() };
          sent.set(hook.deliveryId, entry);
          inFlight += 1;
          pool
            .request({ method: 'POST', path, headers: hook.headers, body: hook.body })
            .then(async (response) => {
              await response.body.dump();
              statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
              if (response.statusCode === 200) entry.ackedAt = performance.now();
              else errors += 1;
            })
            .catch(() => (errors += 1))
            .finally(() => (inFlight -= 1));
        }
        await sleep(10);
      }
      const offeredEnd = performance.now();
      const mine = () => [...sent.values()].filter((s) => s.phase === phase);
      const drainDeadline = performance.now() + DRAIN_SECONDS * 1000;
      while (performance.now() < drainDeadline) {
        const entries = mine();
        if (inFlight === 0 && entries.every((s) => s.ackedAt === undefined || s.deliveredAt !== undefined)) break;
        await sleep(100);
      }
      if (profiling) {
        const file = join(dir, 'data-plane.cpuprofile');
        child.send({ cmd: 'profile-stop', file });
        await next('profile-stopped');
        say(`# profile: ${file}`);
        printSummary(summarize(JSON.parse(readFileSync(file, 'utf8'))), say);
      }
      child.send({ cmd: 'stats' });
      const cpuAfter = (await next('stats')).cpu as { user: number; system: number };
      const machineAfter = machineJiffies();
      const cpuMs = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1000;
      const entries = mine();
      const acked = entries.filter((s) => s.ackedAt !== undefined);
      const delivered = entries.filter((s) => s.deliveredAt !== undefined);
      const lastAck = Math.max(...acked.map((s) => s.ackedAt!));
      const lastDelivery = Math.max(...delivered.map((s) => s.deliveredAt!));
      const e2e = delivered.map((s) => s.deliveredAt! - s.sentAt).sort((a, b) => a - b);
      const ingest = acked.map((s) => s.ackedAt! - s.sentAt).sort((a, b) => a - b);
      const result = {
        rate,
        seconds,
        sent: entries.length,
        notSent: skipped,
        offeredPerSecond: Math.round(entries.length / ((offeredEnd - started) / 1000)),
        ackedPerSecond: Math.round(acked.length / ((lastAck - started) / 1000)),
        deliveredPerSecond: Math.round(delivered.length / ((lastDelivery - started) / 1000)),
        ingestErrors: errors,
        statuses,
        undelivered: acked.length - delivered.length,
        ingestP50Ms: Math.round(percentile(ingest, 50)),
        ingestP99Ms: Math.round(percentile(ingest, 99)),
        e2eP50Ms: Math.round(percentile(e2e, 50)),
        e2eP99Ms: Math.round(percentile(e2e, 99)),
        e2eMaxMs: Math.round(e2e.at(-1) ?? NaN),
        // p99 of the events sent in each 5-second window: whether a slow tail is spread or one stall.
        e2eP99By5sMs: windows(delivered, started, 5000).map((w) => Math.round(percentile(w, 99))),
        // The data plane's own CPU (user + system) per event acknowledged: what the shared machine does not distort.
        dataPlaneCpuMsPerEvent: Number((cpuMs / Math.max(1, acked.length)).toFixed(2)),
        // How much of one core the data plane got over the phase (offer + drain): well under 1 means it waited (for CPU, for PostgreSQL), not computed.
        dataPlaneCoreShare: Number((cpuMs / (performance.now() - started)).toFixed(2)),
        // Every process on the machine (PostgreSQL, Kafka, this load generator, other sessions): near cpus().length, the machine was the limit.
        machineBusyCores: Number((((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * cpus().length).toFixed(2)),
        load1Before: Number(loadBefore.toFixed(2)),
        load1After: Number(loadavg()[0].toFixed(2)),
      };
      if (warmup) {
        say(`# warm-up: ${seconds} s at ${rate}/s, not reported (end-to-end p99 ${result.e2eP99Ms} ms)`);
        continue;
      }
      results.push(result);
      say(JSON.stringify(result));
    }
    child.send({ cmd: 'stats' });
    const stats = await next('stats');
    say(`# audit events of delivery attempts: ${String(stats.auditEvents)}; duplicate deliveries ${duplicates}; deliveries of unknown events ${unknown}`);
    await pool.close();
  } finally {
    child.send({ cmd: 'stop' });
    await next('stopped', 30_000).catch(() => child.kill('SIGKILL'));
    await new Promise((r) => receiver.close(r));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const kafkaAdmin = new Kafka({ clientId: 'bench-events-admin', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await kafkaAdmin.connect();
    await kafkaAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await kafkaAdmin.disconnect();
  }
  say(
    '| offered/s | sent | acked/s | delivered/s | ingest p50/p99 ms | e2e p50/p99/max ms | errors | undelivered | data-plane CPU ms/event | data-plane core share | machine busy cores | load1 |',
  );
  for (const r of results) {
    say(
      `| ${String(r.rate)} | ${String(r.sent)} | ${String(r.ackedPerSecond)} | ${String(r.deliveredPerSecond)} | ${String(r.ingestP50Ms)}/${String(r.ingestP99Ms)} | ${String(r.e2eP50Ms)}/${String(r.e2eP99Ms)}/${String(r.e2eMaxMs)} | ${String(r.ingestErrors)} | ${String(r.undelivered)} | ${String(r.dataPlaneCpuMsPerEvent)} | ${String(r.dataPlaneCoreShare)} | ${String(r.machineBusyCores)} | ${String(r.load1Before)}→${String(r.load1After)} |`,
    );
  }
}

/** Busy and total jiffies of all cores since boot (/proc/stat's first line; idle and iowait are not busy). */
function machineJiffies(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/** End-to-end latencies of the deliveries, grouped by the window their event was sent in. */
function windows(delivered: Sent[], started: number, widthMs: number): number[][] {
  const grouped: number[][] = [];
  for (const s of delivered) (grouped[Math.floor((s.sentAt - started) / widthMs)] ??= []).push(s.deliveredAt! - s.sentAt);
  return Array.from(grouped, (w) => (w ?? []).sort((a, b) => a - b));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * The data plane's in-memory config at scale, one scale per process (started by run.ts with
 * --expose-gc, or by hand: `node --expose-gc -r @swc-node/register bench/data-plane/config-view-scale.ts 100000`).
 *
 * 1. Heap: a ConfigView is filled through `applySnapshot` one entity kind at a time, from
 *    entries that went through JSON (as the snapshot arrives over HTTP), and the retained memory
 *    is read after full GCs: JS heap plus ArrayBuffer memory (so nothing kept outside the JS
 *    heap hides; `arrayBufferBytes` shows its share), total and per kind, per connection.
 * 2. Hot path: `ApiKeyAuthenticator.authenticate` (HMAC check, expiry and tenant status; the
 *    key's principal is computed on its first use after a config change and reused) +
 *    `callDeniedBy` (the permission layers) + `selectConnection` for a key picked at random
 *    among the tenants, timed one iteration at a time with process.hrtime.bigint. Every call
 *    counts, GC pauses included (`hotPathNs`). Beside it, to read that figure: the timer's own
 *    cost (`timerNs`, an empty timed iteration), the GC pauses that fell into the timed loop
 *    (`gc`, from a PerformanceObserver) and the percentiles of the calls no pause overlapped
 *    (`hotPathNsOutsideGc`), and the mean of the same calls in one untimed loop (`untimedMeanNs`).
 * 3. Heap once more after every key of every tenant has been used once, so each key holds its
 *    cached principal (`warmBytesPerConnection`; includes the benchmark's own ~2 MB of arrays).
 *
 * Prints one JSON line: BENCH_JSON {...}.
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import pino from 'pino';
import { Registry } from 'prom-client';
import { callDeniedBy } from '../../apps/data-plane/src/actions/call-permission';
import { ApiKeyAuthenticator } from '../../apps/data-plane/src/agent-auth/api-key-authenticator';
import { ConfigView } from '../../apps/data-plane/src/config-view/config-view';
import { selectConnection } from '../../apps/data-plane/src/connections/connection-selector';
import { apiKeyOf, ENTITY_ORDER, PER_TENANT, tenantEntries } from './synthetic-config';

const TENANTS = Number(process.argv[2] ?? 10);
const ITERATIONS = Number(process.env.BENCH_HOT_ITERATIONS ?? 100_000);
const WARMUP = Number(process.env.BENCH_HOT_WARMUP ?? 20_000);
const CHUNK = 1000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heapUsed(): number {
  for (let i = 0; i < 4; i++) gc!();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const pepper = Buffer.from('bench-pepper-bench-pepper-bench-pepper-0123', 'utf8');
const view = new ConfigView(pino({ level: 'silent' }), new Registry());

const baseline = heapUsed();
const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
const byKind: Record<string, number> = {};
let previous = baseline;
const applyStarted = process.hrtime.bigint();
for (const entity of ENTITY_ORDER) {
  for (let from = 0; from < TENANTS; from += CHUNK) {
    const entries = [];
    for (let i = from; i < Math.min(from + CHUNK, TENANTS); i++) entries.push(...tenantEntries(i, entity, { pepper }));
    // Through JSON, as the snapshot arrives: every string is the view's own copy.
    view.applySnapshot(JSON.parse(JSON.stringify(entries)));
  }
  const now = heapUsed();
  byKind[entity] = now - previous;
  previous = now;
}
const applyMs = Number(process.hrtime.bigint() - applyStarted) / 1e6;
const arrayBufferBytes = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
const total = previous - baseline;
const connections = TENANTS * PER_TENANT.connection;
for (const entity of ENTITY_ORDER) {
  if (view.count(entity) !== TENANTS * PER_TENANT[entity])
    throw new Error(`${entity}: ${view.count(entity)} in the view, expected ${TENANTS * PER_TENANT[entity]}`);
}

// Hot path: a key of a random tenant per iteration (4096 pre-built headers, reused round-robin;
// BENCH_HOT_KEYS narrows them, e.g. 20 at 100k tenants: as many keys as the 10-tenant run, so
// only the size of the view differs and not how much of it the loop touches).
const HOT_KEYS = Number(process.env.BENCH_HOT_KEYS ?? 4096);
const authenticator = new ApiKeyAuthenticator(view, pepper);
const everyKey = TENANTS * 2 <= HOT_KEYS;
const headers = Array.from({ length: Math.min(HOT_KEYS, TENANTS * 2) }, (_, n) => {
  const tenant = everyKey ? n >> 1 : randomInt(TENANTS);
  return `Bearer ${apiKeyOf(tenant, everyKey ? n & 1 : randomInt(2)).key}`;
});
const shuffled = Array.from({ length: 65_536 }, () => headers[randomInt(headers.length)]);
const providers = ['slack', 'jira'];
let sink = 0;
const once = (n: number) => {
  const principal = authenticator.authenticate(shuffled[n & 65_535]);
  if (callDeniedBy(principal, 'slack.post_message') !== null) throw new Error('denied');
  const selected = selectConnection(view, principal, providers[n & 1], {});
  sink += selected.id.length;
};
for (let n = 0; n < WARMUP; n++) once(n);
// BENCH_HOT_PROFILE=file.cpuprofile: a CPU profile of the timed loop only.
const session = process.env.BENCH_HOT_PROFILE ? new Session() : undefined;
const post = (method: string, params: object = {}) => new Promise<any>((ok, fail) => session!.post(method, params, (e, r) => (e ? fail(e) : ok(r)))); // eslint-disable-line @typescript-eslint/no-explicit-any -- inspector protocol
if (session) {
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
}
// GC pauses, kept with their place on the clock so each sample can be told whether one overlapped it.
const pauses: { start: number; end: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });
const origin = Number(process.hrtime.bigint());
const originMs = performance.now();
const samples = new Float64Array(ITERATIONS);
const starts = new Float64Array(ITERATIONS);
for (let n = 0; n < ITERATIONS; n++) {
  const t0 = process.hrtime.bigint();
  once(n);
  const t1 = process.hrtime.bigint();
  samples[n] = Number(t1 - t0);
  // Number(t0), not Number(t0 - origin): no BigInt allocated beyond what timing itself costs,
  // so the loop allocates (and collects) exactly what it did before the start stamps were kept.
  starts[n] = Number(t0);
}
const loopEndMs = performance.now();
const profiledDone = session ? post('Profiler.stop') : Promise.resolve(undefined);
const timer = new Float64Array(ITERATIONS);
for (let n = 0; n < ITERATIONS; n++) {
  const t0 = process.hrtime.bigint();
  timer[n] = Number(process.hrtime.bigint() - t0);
}
const untimedStarted = process.hrtime.bigint();
for (let n = 0; n < ITERATIONS; n++) once(n);
const untimedMeanNs = Number(process.hrtime.bigint() - untimedStarted) / ITERATIONS;
for (let tenant = 0; tenant < TENANTS; tenant++) for (const n of [0, 1]) authenticator.authenticate(`Bearer ${apiKeyOf(tenant, n).key}`);
const warm = heapUsed() - baseline;
const profiled = session ? profiledDone.then(({ profile }) => writeFileSync(process.env.BENCH_HOT_PROFILE!, JSON.stringify(profile))) : Promise.resolve();
function percentiles(values: Float64Array) {
  const sorted = Float64Array.from(values).sort();
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  let sum = 0;
  for (const v of values) sum += v;
  return { mean: sum / values.length, p50: pct(50), p90: pct(90), p99: pct(99), p999: pct(99.9), max: sorted[sorted.length - 1] };
}

/** What the GC pauses in the timed loop cost, and the percentiles of the samples none overlapped. */
function outsideGc() {
  const inLoop = pauses
    .filter((p) => p.end >= originMs && p.start <= loopEndMs)
    .map((p) => ({ start: (p.start - originMs) * 1e6, end: (p.end - originMs) * 1e6 }));
  const clean: number[] = [];
  for (let n = 0; n < ITERATIONS; n++) {
    const from = starts[n] - origin;
    const to = from + samples[n];
    // Two clocks (performance.now and hrtime): a pause counts for every sample within 20 µs of it.
    if (!inLoop.some((p) => p.start <= to + 20_000 && p.end >= from - 20_000)) clean.push(samples[n]);
  }
  const durations = inLoop.map((p) => (p.end - p.start) / 1e6);
  return {
    gc: { pauses: inLoop.length, totalMs: durations.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...durations), samplesHit: ITERATIONS - clean.length },
    hotPathNsOutsideGc: percentiles(Float64Array.from(clean)),
  };
}

// The observer delivers GC entries on the event loop, after the timed loop (a tick or two later).
void new Promise((resolve) => setTimeout(resolve, 100))
  .then(() => profiled)
  .then(() => {
    gcObserver.disconnect();
    const gcFigures = outsideGc();
    process.stdout.write(
      `BENCH_JSON ${JSON.stringify({
        tenants: TENANTS,
        connections,
        entries: ENTITY_ORDER.reduce((n, e) => n + view.count(e), 0),
        heapBytes: total,
        arrayBufferBytes,
        bytesPerConnection: total / connections,
        warmBytesPerConnection: warm / connections,
        bytesByKindPerConnection: Object.fromEntries(ENTITY_ORDER.map((e) => [e, byKind[e] / connections])),
        bytesPerEntry: Object.fromEntries(ENTITY_ORDER.map((e) => [e, byKind[e] / (TENANTS * PER_TENANT[e])])),
        applyMs,
        hotPathNs: percentiles(samples),
        ...gcFigures,
        timerNs: percentiles(timer),
        untimedMeanNs,
        iterations: ITERATIONS,
        hotKeys: headers.length,
        sink,
      })}\n`,
    );
  });

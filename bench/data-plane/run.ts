/**
 * Data-plane benchmark (issue #6). On demand, not part of the tests:
 *
 *   node -r @swc-node/register bench/data-plane/run.ts
 *
 * Needs Debian's `nginx` and `wrk` (`apt-get install -y nginx wrk`). Everything runs on
 * 127.0.0.1 in a temporary directory that is removed at the end (BENCH_KEEP=1 keeps it).
 * Results: docs/performance.md, section "Data plane".
 *
 * HTTP phase. One fixed upstream (nginx `return 200` with a ~1 KB Slack chat.postMessage
 * answer) and the same load through each target, interleaved round by round (the machine is
 * shared and noisy):
 *   a  direct          wrk → upstream
 *   b  nginx           wrk → nginx reverse proxy (1 worker, upstream keepalive) → upstream
 *   c  causeway        wrk → data plane POST /v1/actions/slack.post_message, every feature on → upstream
 *                      (limits on a private Redis, data-plane database on a private PostgreSQL,
 *                      when Debian's redis-server / postgresql are installed; else in-memory / PGlite)
 *   d  thin            wrk → same Nest/Fastify platform bootstrap, one undici forwarding route → upstream
 *      d-raw           the same forwarding registered on the Fastify instance (past Nest's pipeline)
 *   e  node            wrk → node:http + undici Pool → upstream
 *   variants of c (BENCH_VARIANTS): idem (a fresh Idempotency-Key per call), mem (limits on the
 *   in-memory twins); audit
 *   events always go through the data plane's SpoolingPublisher
 * Requests rotate over 20k Slack channel ids (Causeway paces chat.postMessage at 1/s per
 * channel, as Slack declares). Throughput: `wrk -t1 -c32 -d10s`. Latency: `wrk -t1 -c8 -d10s`
 * paced on one schedule at half of c's median throughput, the same offered load for every
 * target; added latency = target − direct in the same round; medians over rounds. Then one CPU
 * profile of c's process under -c32.
 *
 * Config phase. ConfigView at 10 and at 100k tenants (× 3 connections, 5 roles, 2 memberships,
 * 2 keys), each in a fresh process, alternating: heap per connection, and the key-auth +
 * permission + connection-selection hot path p99.
 *
 * Knobs: BENCH_PHASES (http,config), BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_CONNECTIONS (32),
 * BENCH_LATENCY_CONNECTIONS (8), BENCH_RATE (req/s for the latency runs; default half of c),
 * BENCH_VARIANTS (idem,mem), BENCH_REDIS (1), BENCH_POSTGRES (1), BENCH_PROFILE (1), BENCH_BACKGROUND_TENANTS (1000), BENCH_SCALES (10,100000),
 * BENCH_SCALE_REPEATS (3), BENCH_OUT (write the JSON results there), BENCH_KEEP (0), BENCH_TARGETS (all; a list such
 * as `e` or `d-raw,e` runs a, c and those), BENCH_CAUSEWAY_NODE_FLAGS (none),
 * BENCH_SPOOL_SYNC_MS (the data plane's AUDIT_SPOOL_SYNC_INTERVAL_MS, default 10),
 * BENCH_SPOOL_SEAL_MS (its AUDIT_SPOOL_SEAL_MS, default 250),
 * BENCH_HEAP_PROFILE (0; 1 samples which of c's allocations outlive a scavenge),
 * BENCH_FIXED_RATE (1000: the open-loop fixed-load latency phase), BENCH_LOW_RATE (50: the data plane
 * alone at a steady, modest load), BENCH_PACED_TARGETS (a,c,p,d-raw), BENCH_LOW_PROFILE (0; 1 profiles c at the low rate),
 * BENCH_PROFILE_TARGET (c; p profiles the same process under the raw proxy's load).
 *
 * Issue #16 adds target p (the raw proxy /v1/proxy/{connectionId}/... on the same Slack connection,
 * every feature on) and two open-loop phases (paced-client.ts): added p50/p99 over direct at a fixed
 * offered load, and the data plane's CPU per call at a low rate (idle measured first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { nginxBinary, startNginx, stopChild, type RunningNginx } from './nginx';
import { postgresAvailable, redisAvailable, startPostgres, startRedis, type RunningService } from './services';
import { cpuSeconds } from './process-cpu';
import { printSummary, summarize } from './profile-summary';
import { idleCores, runPaced, type PacedResult } from './paced-client';
import { idOf } from './synthetic-config';
import { CAUSEWAY_REQUEST_BODY, SLACK_REQUEST_BODY, SLACK_TOKEN, UPSTREAM_BODY, UPSTREAM_PATH } from './upstream-body';
import { CHANNELS, runWrk, writeScript, wrkAvailable, type RequestShape, type WrkResult } from './wrk';

const env = process.env;
const PHASES = (env.BENCH_PHASES ?? 'http,config').split(',');
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const LATENCY_CONNECTIONS = Number(env.BENCH_LATENCY_CONNECTIONS ?? 8);
const VARIANTS = (env.BENCH_VARIANTS ?? 'idem,mem').split(',').filter(Boolean);
const PROFILE = env.BENCH_PROFILE !== '0';
/** Which targets to run (a, b, c, d, d-raw, e, and the variants); every one by default. a and c are always run. */
/** Node flags for the Causeway process (e.g. `--trace-gc`, or heap settings to compare). */
const CAUSEWAY_NODE_FLAGS = (env.BENCH_CAUSEWAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const ONLY = env.BENCH_TARGETS ? new Set(['a', 'c', ...env.BENCH_TARGETS.split(',')]) : undefined;
const SCALES = (env.BENCH_SCALES ?? '10,100000').split(',').map(Number);
const SCALE_REPEATS = Number(env.BENCH_SCALE_REPEATS ?? 3);
/** The fixed offered load of the open-loop latency phase (issue #16: added p50 ≤ 1 ms, p99 ≤ 5 ms over direct). */
const FIXED_RATE = Number(env.BENCH_FIXED_RATE ?? 1000);
/** The steady, modest load at which the data plane's CPU per call is measured alone (issue #16). */
const LOW_RATE = Number(env.BENCH_LOW_RATE ?? 50);
/** Targets of the open-loop phases (a is always one: the direct baseline). */
const PACED_TARGETS = (env.BENCH_PACED_TARGETS ?? 'a,c,p,d-raw').split(',');
const REPO = resolve(__dirname, '../..');

const say = (line = '') => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const ms = (us: number) => (us / 1000).toFixed(2);

const children: ChildProcess[] = [];
const nginxes: RunningNginx[] = [];
const services: RunningService[] = [];
let dir = '';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

interface Child {
  process: ChildProcess;
  ready: Record<string, unknown>;
  ask<T = Record<string, unknown>>(message: Record<string, unknown>, answer: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** A TypeScript child with an IPC channel; its output goes to a log file in the run directory. */
async function startChild(name: string, file: string, childEnv: Record<string, string>, nodeFlags: string[] = []): Promise<Child> {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [...nodeFlags, '-r', '@swc-node/register', join(__dirname, file)], {
    cwd: REPO,
    env: { ...env, ...childEnv },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  children.push(child);
  const notes: string[] = [];
  const waiters: { type: string; resolve(m: Record<string, unknown>): void }[] = [];
  child.on('message', (m: Record<string, unknown>) => {
    if (m.type === 'note') notes.push(String(m.note));
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  });
  const wait = (type: string, timeoutMs: number) =>
    new Promise<Record<string, unknown>>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${name}: no ${type} within ${timeoutMs} ms (see ${join(dir, `${name}.log`)})`)), timeoutMs);
      const onExit = () => fail(new Error(`${name} exited (${child.exitCode}): ${readFileSync(join(dir, `${name}.log`), 'utf8').slice(-2000)}`));
      child.once('exit', onExit);
      waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          child.off('exit', onExit);
          ok(m);
        },
      });
    });
  const ready = await wait('ready', 120_000);
  for (const note of notes) say(`  note: ${note}`);
  return {
    process: child,
    ready,
    ask: async <T>(message: Record<string, unknown>, answer: string, timeoutMs = 30_000) => {
      const reply = wait(answer, timeoutMs);
      child.send(message);
      return (await reply) as T;
    },
    stop: async () => {
      if (child.exitCode !== null || !child.connected) return;
      child.send({ cmd: 'stop' });
      await stopChild(child, 'SIGCONT', 15_000).catch(() => undefined);
    },
  };
}

async function cleanup() {
  for (const n of nginxes.splice(0)) await n.stop().catch(() => undefined);
  for (const s of services.splice(0)) await s.stop().catch(() => undefined);
  for (const c of children.splice(0)) await stopChild(c, 'SIGTERM', 3000).catch(() => undefined);
  if (dir && env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

interface Target {
  id: string;
  label: string;
  url: string;
  shape: RequestShape;
  /** The process that serves it, for CPU per request; nginx counts its workers too. */
  pid: number;
  nginx?: boolean;
}

function toolVersions() {
  const nginx = spawnSync(nginxBinary() ?? 'nginx', ['-v'], { encoding: 'utf8' }).stderr.trim();
  const wrk = spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
  return { node: process.version, nginx, wrk };
}

async function checkOnce(target: Target): Promise<void> {
  const response = await fetch(`${target.url}${target.shape.path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: target.shape.authorization,
      ...(target.shape.idempotencyKey ? { 'idempotency-key': `check-${Date.now()}` } : {}),
    },
    body: target.shape.body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target.label}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { ok?: boolean; ts?: string; data?: { ts?: string; ok?: boolean }; meta?: { attempts?: number } };
  const ts = target.id.startsWith('c') ? body.data?.ts : body.ts;
  if (ts !== '1712345678.000100') throw new Error(`${target.label}: unexpected body ${text.slice(0, 300)}`);
  if (target.id.startsWith('c') && body.meta?.attempts !== 1) throw new Error(`${target.label}: meta ${JSON.stringify(body.meta)}`);
}

async function httpPhase(results: Record<string, unknown>) {
  say('== HTTP: the same load through every target, interleaved ==');
  const upstreamPort = await freePort();
  const proxyPort = await freePort();
  const upstream = await startNginx({ name: 'nginx-upstream', dir, port: upstreamPort, mode: { kind: 'upstream', body: UPSTREAM_BODY } });
  nginxes.push(upstream);
  const proxy = await startNginx({ name: 'nginx-proxy', dir, port: proxyPort, mode: { kind: 'proxy', upstreamPort } });
  nginxes.push(proxy);
  const bare = await startChild('node-proxy', 'targets/bare-proxy.ts', { BENCH_UPSTREAM_URL: upstream.url });
  const deps: Record<string, string> = {};
  if (env.BENCH_REDIS !== '0' && redisAvailable()) {
    const redis = await startRedis(join(dir, 'redis'), await freePort());
    services.push(redis);
    deps.BENCH_REDIS_URL = redis.url;
  }
  if (env.BENCH_POSTGRES !== '0' && postgresAvailable()) {
    const pg = await startPostgres(join(dir, 'postgres'), await freePort());
    services.push(pg);
    deps.BENCH_DATABASE_URL = pg.url;
  }
  const causewayStarted = Date.now();
  const causeway = await startChild(
    'causeway',
    'targets/causeway.ts',
    {
      ...deps,
      BENCH_UPSTREAM_URL: upstream.url,
      BENCH_DIR: join(dir, 'causeway'),
      BENCH_VARIANTS: VARIANTS.join(','),
      BENCH_BACKGROUND_TENANTS: env.BENCH_BACKGROUND_TENANTS ?? '1000',
    },
    CAUSEWAY_NODE_FLAGS,
  );
  const urls = causeway.ready.urls as Record<string, string>;
  const wiring = causeway.ready.wiring as { limits: string; database: string };
  say(
    `  causeway target up in ${((Date.now() - causewayStarted) / 1000).toFixed(1)} s: limits on ${wiring.limits}, data-plane database ${wiring.database}; config of ${Number(env.BENCH_BACKGROUND_TENANTS ?? 1000) + 1} tenants applied from the bus in ${causeway.ready.configLoadMs} ms`,
  );

  const slack: RequestShape = { path: UPSTREAM_PATH, body: SLACK_REQUEST_BODY, authorization: `Bearer ${SLACK_TOKEN}` };
  const tool: RequestShape = { path: '/v1/actions/slack.post_message', body: CAUSEWAY_REQUEST_BODY, authorization: `Bearer ${String(causeway.ready.apiKey)}` };
  const allTargets: Target[] = [
    { id: 'a', label: 'a direct', url: upstream.url, shape: slack, pid: upstream.pid, nginx: true },
    { id: 'b', label: 'b nginx proxy', url: proxy.url, shape: slack, pid: proxy.pid, nginx: true },
    { id: 'c', label: 'c causeway (all on)', url: urls.causeway, shape: tool, pid: causeway.process.pid! },
    { id: 'd', label: 'd causeway thin route', url: urls.thin, shape: slack, pid: causeway.process.pid! },
    { id: 'd-raw', label: 'd, raw Fastify route', url: urls.thin, shape: { ...slack, path: `/raw${UPSTREAM_PATH}` }, pid: causeway.process.pid! },
    { id: 'e', label: 'e bare node proxy', url: String(bare.ready.url), shape: slack, pid: bare.process.pid! },
    // The raw proxy on the same Slack connection, every feature on (key auth, proxy:Connection, allow-list,
    // path classification, quotas, holds, breaker, retry policy, egress guard, credential, audit event).
    {
      id: 'p',
      label: 'p causeway raw proxy',
      url: urls.causeway,
      shape: {
        path: `/v1/proxy/${idOf('connection', 0, 0)}${UPSTREAM_PATH.replace(/^\/api/, '')}`,
        body: SLACK_REQUEST_BODY,
        authorization: tool.authorization,
      },
      pid: causeway.process.pid!,
    },
    ...(VARIANTS.includes('idem')
      ? [{ id: 'c-idem', label: 'c + Idempotency-Key', url: urls.causeway, shape: { ...tool, idempotencyKey: true }, pid: causeway.process.pid! }]
      : []),
    ...(urls.causewayMem ? [{ id: 'c-mem', label: 'c, in-memory limits', url: urls.causewayMem, shape: tool, pid: causeway.process.pid! }] : []),
  ];
  const targets = allTargets.filter((t) => !ONLY || ONLY.has(t.id));
  for (const t of targets) await checkOnce(t);
  say(`  every target answers 200 with the upstream's message (c: data.ts and meta.attempts 1)`);

  const scripts = new Map(targets.map((t) => [t.id, writeScript(dir, t.id, t.shape)]));
  const served: Record<string, number> = Object.fromEntries(targets.map((t) => [t.id, 1]));
  const count = (id: string, r: WrkResult) => (served[id] += r.requests);
  const assertClean = (t: Target, r: WrkResult, what: string) => {
    if (r.errors > 0) throw new Error(`${t.label} ${what}: ${r.errors} errors (${r.non2xx} non-2xx) in ${r.requests} requests`);
  };

  say(`  warm-up: 3 s each at -c${CONNECTIONS}`);
  for (const t of targets) {
    const r = await runWrk({ url: t.url, script: scripts.get(t.id)!, connections: CONNECTIONS, seconds: 3 });
    assertClean(t, r, 'warm-up');
    count(t.id, r);
  }

  const order = (round: number) => targets.map((_, i) => targets[(i + round) % targets.length]);
  const throughput: Record<string, WrkResult[]> = Object.fromEntries(targets.map((t) => [t.id, []]));
  /** µs of the serving process's CPU per request, per throughput run (the proxy's own cost; the upstream's is not in it). */
  const cpuPerRequest: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.id, []]));
  const loads: string[] = [];
  say(`  throughput: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} rounds, order rotated each round`);
  for (let round = 0; round < ROUNDS; round++) {
    const line: string[] = [];
    for (const t of order(round)) {
      const cpuBefore = cpuSeconds(t.pid, t.nginx);
      const r = await runWrk({ url: t.url, script: scripts.get(t.id)!, connections: CONNECTIONS, seconds: SECONDS });
      const cpu = cpuSeconds(t.pid, t.nginx) - cpuBefore;
      assertClean(t, r, 'throughput');
      count(t.id, r);
      throughput[t.id].push(r);
      cpuPerRequest[t.id].push((cpu * 1e6) / r.requests);
      line.push(`${t.id} ${Math.round(r.rps)} (${Math.round((cpu * 1e6) / r.requests)} µs CPU)`);
    }
    loads.push(load());
    say(`    round ${round + 1}: ${line.join(', ')} req/s (load ${load()})`);
  }
  const rps = (id: string) => median(throughput[id].map((r) => r.rps));
  const roundRatio = (x: string, y: string) => (throughput[x] && throughput[y] ? median(throughput[x].map((r, i) => r.rps / throughput[y][i].rps)) : NaN);

  const rate = Number(env.BENCH_RATE ?? Math.max(100, Math.round(rps('c') / 2 / 50) * 50));
  const latency: Record<string, WrkResult[]> = Object.fromEntries(targets.map((t) => [t.id, []]));
  const paced = new Map(targets.map((t) => [t.id, writeScript(dir, t.id, t.shape, rate)]));
  say(`  latency: wrk -t1 -c${LATENCY_CONNECTIONS} -d${SECONDS}s paced at ${rate} req/s (half of c's median throughput) for every target`);
  for (let round = 0; round < ROUNDS; round++) {
    const line: string[] = [];
    for (const t of order(round)) {
      const r = await runWrk({ url: t.url, script: paced.get(t.id)!, connections: LATENCY_CONNECTIONS, seconds: SECONDS });
      assertClean(t, r, 'latency');
      count(t.id, r);
      latency[t.id].push(r);
      line.push(`${t.id} p50 ${ms(r.latencyUs.p50)} p99 ${ms(r.latencyUs.p99)}`);
    }
    loads.push(load());
    say(`    round ${round + 1}: ${line.join(' | ')} ms (load ${load()})`);
  }

  // Open-loop phases (issue #16), paced-client.ts: calls sent on a fixed schedule whatever the
  // answers, each body on the next of CHANNELS Slack channels (Causeway paces each at 1/s).
  const bodiesOf = (shape: RequestShape) =>
    Array.from({ length: CHANNELS }, (_, i) => shape.body.replace('C0GENERAL01', `C${String(1_000_000_000 + i).slice(-10)}`));
  const pacedCall = (t: Target) => ({
    url: `${t.url}${t.shape.path}`,
    headers: { 'content-type': 'application/json', ...(t.shape.authorization ? { authorization: t.shape.authorization } : {}) },
    bodies: bodiesOf(t.shape),
  });
  const pacedTargets = targets.filter((t) => PACED_TARGETS.includes(t.id));
  const fixed: Record<string, PacedResult[]> = Object.fromEntries(pacedTargets.map((t) => [t.id, []]));
  say(`  fixed offered load: ${FIXED_RATE} req/s open loop for ${SECONDS} s, ${ROUNDS} rounds, order rotated: ${pacedTargets.map((t) => t.id).join(', ')}`);
  for (let round = 0; round < ROUNDS; round++) {
    const line: string[] = [];
    for (const t of pacedTargets.map((_, i) => pacedTargets[(i + round) % pacedTargets.length])) {
      const r = await runPaced(pacedCall(t), { rate: FIXED_RATE, seconds: SECONDS, pid: t.pid, withChildren: t.nginx });
      served[t.id] += r.sent;
      fixed[t.id].push(r);
      line.push(`${t.id} p50 ${r.p50Ms.toFixed(2)} p99 ${r.p99Ms.toFixed(2)} (${r.ok}/${r.sent} ok, ${Math.round(r.cpuPerCallUs)} µs CPU)`);
    }
    say(`    round ${round + 1}: ${line.join(' | ')} ms (load ${load()})`);
  }
  const addedAtFixed = (id: string, k: 'p50Ms' | 'p99Ms') => median(fixed[id].map((r, i) => r[k] - fixed.a[i][k]));

  // The data plane alone at a steady, modest load: its idle CPU, then CPU per call at LOW_RATE.
  // d-raw and e beside c and p: the same rate through a thin route and a bare Node proxy tells the
  // fixed cost of a lone request on this machine from what Causeway's features add to it.
  const lowTargets = pacedTargets.filter((t) => t.id !== 'a' && !t.nginx);
  const low: Record<string, { idleCores: number; result: PacedResult }> = {};
  for (const t of lowTargets) {
    const idle = await idleCores(t.pid, Math.min(10, SECONDS));
    // BENCH_LOW_PROFILE=1: where a sparse call's CPU goes (sampling adds its own cost: the figures of a profiled run are not the ones to quote).
    const profiling = env.BENCH_LOW_PROFILE === '1' && t.id === 'c';
    if (profiling) await causeway.ask({ cmd: 'profile-start', intervalUs: 200 }, 'profile-started');
    const r = await runPaced(pacedCall(t), { rate: LOW_RATE, seconds: Math.max(20, SECONDS), pid: t.pid });
    if (profiling) {
      const file = join(dir, 'causeway-c-low-rate.cpuprofile');
      await causeway.ask({ cmd: 'profile-stop', file }, 'profile-stopped', 60_000);
      say(`  CPU profile of the data plane at ${LOW_RATE} calls/s (c):`);
      printSummary(summarize(JSON.parse(readFileSync(file, 'utf8')), 30), (l) => say(`  ${l}`));
    }
    served[t.id] += r.sent;
    low[t.id] = { idleCores: idle, result: r };
    say(
      `  low rate, alone: ${t.id} at ${LOW_RATE} calls/s: ${r.ok}/${r.sent} ok, ${r.cores.toFixed(3)} core (idle ${idle.toFixed(3)}), ${(r.cpuPerCallUs / 1000).toFixed(2)} ms CPU/call, p50 ${r.p50Ms.toFixed(2)} ms p99 ${r.p99Ms.toFixed(2)} ms (load ${r.load})`,
    );
  }

  // One audit event per call: the audit consumer saw every call the Causeway targets served.
  const stats = await causeway.ask<{ auditEvents: number; outcomes: Record<string, number>; memory: NodeJS.MemoryUsage; config: Record<string, number> }>(
    { cmd: 'stats' },
    'stats',
  );
  await new Promise((r) => setTimeout(r, 200));
  const after = await causeway.ask<{ auditEvents: number }>({ cmd: 'stats' }, 'stats');
  const causewayIds = targets.filter((t) => t.id.startsWith('c') || t.id === 'p').map((t) => t.id);
  const expected = causewayIds.reduce((n, id) => n + served[id], 0);
  const runs = 1 + 2 * ROUNDS;
  const auditOk = after.auditEvents >= expected && after.auditEvents <= expected + (CONNECTIONS + LATENCY_CONNECTIONS) * runs * causewayIds.length;
  say(
    `  audit: ${after.auditEvents} tool.call events for ${expected} calls wrk completed (+ calls cut off when a run ended): ${auditOk ? 'one per call' : 'MISMATCH'}; outcomes sampled: ${JSON.stringify(stats.outcomes)}`,
  );
  const logLines = readFileSync(join(dir, 'causeway.log'), 'utf8').split('\n').filter(Boolean).length;
  say(
    `  causeway process: rss ${(stats.memory.rss / 2 ** 20).toFixed(0)} MiB, heap ${(stats.memory.heapUsed / 2 ** 20).toFixed(0)} MiB, ${logLines} log lines in all (no per-request logging at info)`,
  );

  let profile: ReturnType<typeof summarize> | undefined;
  if (PROFILE) {
    // c and p are served by the same process: BENCH_PROFILE_TARGET=p profiles it under the proxy's load instead.
    const profiled = env.BENCH_PROFILE_TARGET === 'p' ? 'p' : 'c';
    const file = join(dir, `causeway-${profiled}.cpuprofile`);
    const t = targets.find((x) => x.id === profiled)!;
    await causeway.ask({ cmd: 'profile-start', intervalUs: 200 }, 'profile-started');
    const r = await runWrk({ url: t.url, script: scripts.get(profiled)!, connections: CONNECTIONS, seconds: SECONDS });
    await causeway.ask({ cmd: 'profile-stop', file }, 'profile-stopped', 60_000);
    say(`  CPU profile of the data plane process under wrk -c${CONNECTIONS} (${Math.round(r.rps)} req/s while sampling every 200 µs):`);
    profile = summarize(JSON.parse(readFileSync(file, 'utf8')));
    printSummary(profile, (l) => say(`  ${l}`));
    if (env.BENCH_KEEP === '1') say(`  profile kept: ${file}`);
  }

  if (env.BENCH_HEAP_PROFILE === '1') {
    const file = join(dir, 'causeway-c.heapprofile');
    const t = targets.find((x) => x.id === 'c')!;
    await causeway.ask({ cmd: 'heap-start' }, 'heap-started');
    await runWrk({ url: t.url, script: scripts.get('c')!, connections: CONNECTIONS, seconds: SECONDS });
    await causeway.ask({ cmd: 'heap-stop', file }, 'heap-stopped', 60_000);
    say(`  allocations that outlived a scavenge under wrk -c${CONNECTIONS}, by allocation site: ${file}`);
  }

  await causeway.stop();
  await bare.stop();
  for (const n of nginxes.splice(0)) await n.stop();
  for (const s of services.splice(0)) await s.stop();

  const rows = targets.map((t) => {
    const lat = latency[t.id];
    const added = (k: 'p50' | 'p99') => median(lat.map((r, i) => r.latencyUs[k] - latency.a[i].latencyUs[k]));
    return {
      id: t.id,
      label: t.label,
      rps: rps(t.id),
      rpsRounds: throughput[t.id].map((r) => Math.round(r.rps)),
      cpuUsPerRequest: median(cpuPerRequest[t.id]),
      latencyAtRate: {
        achievedRps: median(lat.map((r) => r.rps)),
        p50Us: median(lat.map((r) => r.latencyUs.p50)),
        p99Us: median(lat.map((r) => r.latencyUs.p99)),
        p999Us: median(lat.map((r) => r.latencyUs.p999)),
        addedP50Us: added('p50'),
        addedP99Us: added('p99'),
      },
      latencyAtC32: { p50Us: median(throughput[t.id].map((r) => r.latencyUs.p50)), p99Us: median(throughput[t.id].map((r) => r.latencyUs.p99)) },
    };
  });
  const cpuRatio = (x: string, y: string) => (cpuPerRequest[x] && cpuPerRequest[y] ? median(cpuPerRequest[x].map((v, i) => v / cpuPerRequest[y][i])) : NaN);
  const ratios = {
    cOverE: roundRatio('c', 'e'),
    cOverD: roundRatio('c', 'd'),
    cOverB: roundRatio('c', 'b'),
    dOverE: roundRatio('d', 'e'),
    dRawOverE: roundRatio('d-raw', 'e'),
    eOverA: roundRatio('e', 'a'),
    /** e's CPU per request over c's: what c/e would be if each had a core to itself. */
    cpuEOverC: cpuRatio('e', 'c'),
    cpuDRawOverC: cpuRatio('d-raw', 'c'),
  };
  say();
  say(`  target                     req/s (-c${CONNECTIONS})   CPU µs/req   p50 / p99 at ${rate} req/s   added p50 / p99 vs a   p50 / p99 at -c${CONNECTIONS}`);
  for (const r of rows) {
    const l = r.latencyAtRate;
    say(
      `  ${r.label.padEnd(26)} ${String(Math.round(r.rps)).padStart(8)}        ${String(Math.round(r.cpuUsPerRequest)).padStart(6)}     ${ms(l.p50Us).padStart(6)} / ${ms(l.p99Us).padEnd(6)} ms      ${r.id === 'a' ? '      —      ' : `${ms(l.addedP50Us).padStart(6)} / ${ms(l.addedP99Us).padEnd(6)}`} ms   ${ms(r.latencyAtC32.p50Us)} / ${ms(r.latencyAtC32.p99Us)} ms`,
    );
  }
  say();
  say(
    `  ratios (median of same-round ratios): c/e ${ratios.cOverE.toFixed(3)}, c/d ${ratios.cOverD.toFixed(3)}, c/b ${ratios.cOverB.toFixed(3)}; d/e ${ratios.dOverE.toFixed(3)}, d-raw/e ${ratios.dRawOverE.toFixed(3)}, e/a ${ratios.eOverA.toFixed(3)}`,
  );
  say(
    `  CPU per request, e/c ${ratios.cpuEOverC.toFixed(3)}, d-raw/c ${ratios.cpuDRawOverC.toFixed(3)} (a proxy with a core to itself would do c/e at this ratio)`,
  );
  const cOverDRaw = cpuRatio('c', 'd-raw');
  const pOverC = cpuRatio('p', 'c');
  say(`  target (issue #16) c's CPU per call <= 2.0 x d-raw's: ${cOverDRaw <= 2 ? 'MET' : 'MISSED'} (${cOverDRaw.toFixed(2)} x)`);
  say(`  target (issue #16) p's CPU per call <= c's: ${pOverC <= 1 ? 'MET' : 'MISSED'} (p/c ${pOverC.toFixed(2)} x)`);
  for (const t of pacedTargets.filter((x) => x.id !== 'a')) {
    const p50 = addedAtFixed(t.id, 'p50Ms');
    const p99 = addedAtFixed(t.id, 'p99Ms');
    say(
      `  target (issue #16) ${t.id} at ${FIXED_RATE} req/s adds p50 <= 1 ms / p99 <= 5 ms over direct: ${p50 <= 1 && p99 <= 5 ? 'MET' : 'MISSED'} (+${p50.toFixed(2)} / +${p99.toFixed(2)} ms; CPU ${Math.round(median(fixed[t.id].map((r) => r.cpuPerCallUs)))} µs/call)`,
    );
  }
  const c = rows.find((r) => r.id === 'c')!;
  say(`  target c >= 0.80 x e: ${ratios.cOverE >= 0.8 ? 'MET' : 'MISSED'} (${ratios.cOverE.toFixed(2)})`);
  say(
    `  target added p99 <= 2 ms over direct at half of c's max load (${rate} req/s): ${c.latencyAtRate.addedP99Us <= 2000 ? 'MET' : 'MISSED'} (${ms(c.latencyAtRate.addedP99Us)} ms)`,
  );
  results.http = {
    wiring,
    variants: VARIANTS,
    rate,
    rows,
    ratios,
    audit: { events: after.auditEvents, calls: expected, ok: auditOk },
    fixed: { rate: FIXED_RATE, runs: fixed },
    low: { rate: LOW_RATE, targets: low },
    issue16: { cpuCOverDRaw: cpuRatio('c', 'd-raw'), cpuPOverC: cpuRatio('p', 'c') },
    loads,
    causewayMemory: stats.memory,
    profile,
  };
}

async function configPhase(results: Record<string, unknown>) {
  say(`== ConfigView at ${SCALES.join(' and ')} tenants, ${SCALE_REPEATS} fresh processes each, alternating ==`);
  const runs: Record<number, Record<string, any>[]> = Object.fromEntries(SCALES.map((s) => [s, []])); // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child
  for (let repeat = 0; repeat < SCALE_REPEATS; repeat++) {
    for (const scale of repeat % 2 ? [...SCALES].reverse() : SCALES) {
      const out = spawnSync(
        process.execPath,
        ['--expose-gc', '--max-old-space-size=8192', '-r', '@swc-node/register', join(__dirname, 'config-view-scale.ts'), String(scale)],
        {
          cwd: REPO,
          encoding: 'utf8',
          timeout: 600_000,
          maxBuffer: 16 * 2 ** 20,
        },
      );
      const line = out.stdout?.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (!line) throw new Error(`config-view-scale ${scale} failed: ${out.stderr || out.error}`);
      const r = JSON.parse(line.slice('BENCH_JSON '.length));
      runs[scale].push(r);
      say(
        `  ${String(scale).padStart(6)} tenants: ${(r.heapBytes / 2 ** 20).toFixed(1)} MiB heap, ${Math.round(r.bytesPerConnection)} B per connection (connection records alone ${Math.round(r.bytesByKindPerConnection.connection)} B), applied in ${(r.applyMs / 1000).toFixed(1)} s; hot path p50 ${(r.hotPathNs.p50 / 1000).toFixed(1)} µs p99 ${(r.hotPathNs.p99 / 1000).toFixed(1)} µs (load ${load()})`,
      );
    }
  }
  const [small, large] = [SCALES[0], SCALES[SCALES.length - 1]];
  const m = (scale: number, pick: (r: Record<string, any>) => number) => median(runs[scale].map(pick)); // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child
  const summary = {
    small,
    large,
    bytesPerConnection: m(large, (r) => r.bytesPerConnection),
    bytesByKindPerConnection: Object.fromEntries(
      Object.keys(runs[large][0].bytesByKindPerConnection).map((k) => [k, m(large, (r) => r.bytesByKindPerConnection[k])]),
    ),
    bytesPerEntry: Object.fromEntries(Object.keys(runs[large][0].bytesPerEntry).map((k) => [k, m(large, (r) => r.bytesPerEntry[k])])),
    heapMiB: m(large, (r) => r.heapBytes) / 2 ** 20,
    applySeconds: m(large, (r) => r.applyMs) / 1000,
    hot: Object.fromEntries(
      SCALES.map((s) => [s, { p50: m(s, (r) => r.hotPathNs.p50), p99: m(s, (r) => r.hotPathNs.p99), mean: m(s, (r) => r.hotPathNs.mean) }]),
    ),
    p99Ratio: m(large, (r) => r.hotPathNs.p99) / m(small, (r) => r.hotPathNs.p99),
    p50Ratio: m(large, (r) => r.hotPathNs.p50) / m(small, (r) => r.hotPathNs.p50),
  };
  say(
    `  per connection at ${large} tenants: ${Math.round(summary.bytesPerConnection)} B in all; by kind ${Object.entries(summary.bytesByKindPerConnection)
      .map(([k, v]) => `${k} ${Math.round(v as number)}`)
      .join(', ')} B`,
  );
  say(
    `  target <= 2 KB per connection: ${summary.bytesPerConnection <= 2048 ? 'MET' : 'MISSED'} in all (${Math.round(summary.bytesPerConnection)} B); connection records alone ${Math.round(summary.bytesByKindPerConnection.connection as number)} B`,
  );
  say(
    `  target hot-path p99 at ${large} <= 1.1 x at ${small}: ${summary.p99Ratio <= 1.1 ? 'MET' : 'MISSED'} (${summary.p99Ratio.toFixed(2)}x; p50 ${summary.p50Ratio.toFixed(2)}x)`,
  );
  results.config = { runs, summary };
}

async function main() {
  if (!nginxBinary() || !wrkAvailable()) {
    say("needs Debian's nginx and wrk: apt-get install -y nginx wrk");
    process.exit(2);
  }
  dir = mkdtempSync(join(tmpdir(), 'causeway-bench-dp-'));
  chmodSync(dir, 0o711); // the private PostgreSQL runs as the postgres user and must reach its directory
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeGiB: +(freemem() / 2 ** 30).toFixed(1),
    loadAtStart: load(),
    ...toolVersions(),
  };
  say(`causeway data-plane benchmark — ${new Date().toISOString()}`);
  say(`machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memGiB} GiB; load ${machine.loadAtStart}; ${machine.node}, ${machine.nginx}, ${machine.wrk}`);
  const results: Record<string, unknown> = { machine, startedAt: new Date().toISOString() };
  if (PHASES.includes('http')) await httpPhase(results);
  if (PHASES.includes('config')) await configPhase(results);
  results.loadAtEnd = load();
  say(`load at end: ${load()}`);
  const out = env.BENCH_OUT ?? join(dir, 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2));
  if (env.BENCH_OUT || env.BENCH_KEEP === '1') say(`results: ${out}`);
}

const onSignal = () => void cleanup().finally(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
const deadline = setTimeout(() => {
  say('benchmark took over 40 minutes; stopping');
  void cleanup().finally(() => process.exit(1));
}, 40 * 60_000);
deadline.unref();

main()
  .then(cleanup)
  .catch(async (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    await cleanup();
    process.exit(1);
  });

/**
 * Low-rate phase (issue #16): what the embedded default (`npm start`, compiled output) costs
 * at a steady, modest load, where a fixed cost per batch or wake-up shows as cost per call.
 *
 *   node tools/build/compile.js --quiet
 *   node -r @swc-node/register bench/data-plane/low-rate.ts
 *
 * Starts one embedded process per variant side by side (own data directory and ports, so the
 * same machine load lands on each), waits for start-up to settle, measures idle CPU, then
 * drives every process at the same time with its own paced open-loop client (not wrk: wrk
 * cannot hold a low fixed rate) and reports CPU per call and cores from /proc.
 *
 * Knobs: BENCH_LOW_RATE (50 calls/s), BENCH_LOW_SECONDS (20), BENCH_LOW_SETTLE_S (30),
 * BENCH_LOW_TOOL and BENCH_LOW_INPUT (contentful.get_published_entry of an entry that does not
 * exist: Contentful's delivery API allows 55 req/s, every other bundled simulator paces below
 * 50 calls/s; the call still runs the whole pipeline, the upstream request and the audit event),
 * BENCH_LOW_VARIANTS (`seal1000:AUDIT_SPOOL_SEAL_MS=1000;seal250:AUDIT_SPOOL_SEAL_MS=250`).
 * Quotas are raised (KEY_CALLS_PER_MINUTE etc.) so no call is refused by them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { idleCores, runPaced, type PacedResult } from './paced-client';

const env = process.env;
const RATE = Number(env.BENCH_LOW_RATE ?? 50);
const SECONDS = Number(env.BENCH_LOW_SECONDS ?? 20);
const SETTLE_S = Number(env.BENCH_LOW_SETTLE_S ?? 30);
const TOOL = env.BENCH_LOW_TOOL ?? 'contentful.get_published_entry';
const INPUT = env.BENCH_LOW_INPUT ?? '{"spaceId":"bench","entryId":"bench"}';
const VARIANTS = (env.BENCH_LOW_VARIANTS ?? 'seal1000:AUDIT_SPOOL_SEAL_MS=1000;seal250:AUDIT_SPOOL_SEAL_MS=250')
  .split(';')
  .filter(Boolean)
  .map((spec) => {
    const [name, vars = ''] = spec.split(':');
    return {
      name,
      vars: Object.fromEntries(
        vars
          .split(',')
          .filter(Boolean)
          .map((kv) => kv.split('=') as [string, string]),
      ),
    };
  });
const REPO = resolve(__dirname, '../..');
const say = (line = '') => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Running {
  name: string;
  child: ChildProcess;
  dir: string;
  port: number;
}

async function waitFor(file: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`embedded exited (${child.exitCode})`);
    if (Date.now() > until) throw new Error(`no ${file} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'causeway-low-rate-'));
  const running: Running[] = [];
  const stopAll = () => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stopAll();
    process.exit(1);
  });
  try {
    say(`== low rate: ${RATE} calls/s of ${TOOL} for ${SECONDS} s, embedded default, variants side by side ==`);
    say(`  load before: ${load()}`);
    let base = 47_000 + Math.floor(Math.random() * 50) * 10;
    for (const variant of VARIANTS) {
      const dir = join(root, variant.name);
      const ports = { CONTROL_PLANE_PORT: base, DATA_PLANE_PORT: base + 1, AUDIT_PORT: base + 2 };
      base += 10;
      const log = openSync(`${dir}.log`, 'a');
      const child = spawn(process.execPath, [join(REPO, 'dist/apps/embedded/src/main.js')], {
        cwd: REPO,
        env: {
          ...env,
          CAUSEWAY_DATA_DIR: dir,
          LOG_LEVEL: 'warn',
          TENANT_CALLS_PER_MINUTE: '600000',
          KEY_CALLS_PER_MINUTE: '600000',
          KEY_CONCURRENT_CALLS: '1000',
          ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
          ...variant.vars,
        },
        stdio: ['ignore', log, log],
      });
      running.push({ name: variant.name, child, dir, port: ports.DATA_PLANE_PORT });
    }
    for (const r of running) await waitFor(join(r.dir, 'demo.json'), r.child, 240_000);
    // The demo wiring (connections to every simulator) runs after demo.json: let it finish.
    await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
    const idle = await Promise.all(running.map((r) => idleCores(r.child.pid!, 10)));
    say(`  idle (10 s): ${running.map((r, i) => `${r.name} ${idle[i].toFixed(3)} core`).join(', ')}; load ${load()}`);
    const results: PacedResult[] = await Promise.all(
      running.map((r) => {
        const key = (JSON.parse(readFileSync(join(r.dir, 'demo.json'), 'utf8')) as { apiKey: { key: string } }).apiKey.key;
        return runPaced(
          {
            url: `http://127.0.0.1:${r.port}/v1/actions/${TOOL}`,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: `{"input":${INPUT}}`,
          },
          { rate: RATE, seconds: SECONDS, pid: r.child.pid! },
        );
      }),
    );
    for (const [i, r] of running.entries()) {
      const x = results[i];
      say(
        `  ${r.name.padEnd(10)} ${x.ok}/${x.sent} ok ${JSON.stringify(x.statuses)}  ${x.cores.toFixed(3)} core  ${(x.cpuPerCallUs / 1000).toFixed(2)} ms CPU/call` +
          `  (minus idle ${((Math.max(0, x.cores - idle[i]) / RATE) * 1000).toFixed(2)} ms)  p50 ${x.p50Ms.toFixed(1)} ms p99 ${x.p99Ms.toFixed(1)} ms  load ${x.load}`,
      );
    }
    if (env.BENCH_OUT) writeFileSync(env.BENCH_OUT, JSON.stringify({ rate: RATE, tool: TOOL, variants: VARIANTS, idle, results }, null, 2));
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 3000));
    if (env.BENCH_KEEP !== '1') rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

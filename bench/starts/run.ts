/**
 * How long the services take to start (on demand, not part of the tests):
 *
 *   node -r @swc-node/register bench/starts/run.ts
 *
 * Phases (BENCH_PHASES, comma separated; default all):
 *   embedded    `npm start` on a new data directory until all three services answer /readyz
 *               and the banner is printed (first start), then again on the same directory
 *               (warm restart); BENCH_ROUNDS rounds (default 3), figures per round
 *   data-plane  `npm run start:data-plane` against the test infrastructure (PostgreSQL on 55432,
 *               Kafka on 59092, or TEST_DATABASE_URL / TEST_KAFKA_BROKERS) and a running control
 *               plane, as a replica added by the autoscaler: spawn to /readyz, BENCH_ROUNDS times
 *
 * Each figure comes with the CPU time the service's processes used until ready (from
 * /proc, the whole process group): on a shared machine wall time mostly measures the other
 * tenants, CPU time much less so. BENCH_BASELINE_DIR=<another checkout> adds, per data-plane
 * round, the same start of that checkout through swc's require hook (how services started
 * before decision 0009).
 *
 * Everything is bounded: each start has 120 s, and every process started is killed (its whole
 * process group) before the next. BENCH_CPU_PROF_DIR=<dir> profiles the started services
 * instead (`node --cpu-prof` on the compiled entry, without npm, which refuses the flag in
 * NODE_OPTIONS; stopped with SIGTERM so the profile is written); read a profile with
 * bench/data-plane/profile-summary.ts. Both phases go through npm, so the `prestart` freshness check
 * of tools/build/compile.js is counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, ensureCompiled, freePort, startServiceProcess, uniqueId, waitForReady } from '@causeway/testing';

process.env.TEST_DATABASE_URL ??= 'postgres://causeway:causeway@127.0.0.1:55432/causeway';
process.env.TEST_KAFKA_BROKERS ??= '127.0.0.1:59092';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PHASES = new Set((process.env.BENCH_PHASES ?? 'embedded,data-plane').split(','));
const START_TIMEOUT_MS = 120_000;
const repoRoot = join(__dirname, '..', '..');
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR;
const PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;
const ENTRIES: Record<string, string> = { start: 'dist/apps/embedded/src/main.js', 'start:data-plane': 'dist/apps/data-plane/src/main.js' };

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Started {
  child: ChildProcess;
  cpuSeconds(): number;
  output(): string;
  kill(): Promise<void>;
}

/** `npm run <script>` in its own process group, so the kill reaches node behind npm's shell. */
function npmRun(script: string, env: Record<string, string>): Started {
  const [command, args] = PROFILE_DIR
    ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, ENTRIES[script]]]
    : ['npm', ['run', script, '--silent']];
  return launch(command, args, repoRoot, env);
}

/** The data plane of another checkout through swc's hook, as `start:data-plane` ran before decision 0009. */
function baselineDataPlane(env: Record<string, string>): Started {
  return launch(process.execPath, ['-r', '@swc-node/register', 'apps/data-plane/src/main.ts'], BASELINE_DIR!, env);
}

/** CPU seconds used so far by every process of the group (npm, its shell, node). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // After the command: state ppid pgrp ... utime (11th) stime (12th), cutime, cstime.
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

function launch(command: string, args: string[], cwd: string, env: Record<string, string>): Started {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    cpuSeconds: () => groupCpuSeconds(child.pid!),
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, PROFILE_DIR ? 'SIGTERM' : 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}

async function until(what: string, started: Started, check: () => Promise<boolean> | boolean): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (started.child.exitCode !== null) throw new Error(`${what}: the process exited:\n${started.output().slice(-2000)}`);
    if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error(`${what}: not within ${START_TIMEOUT_MS} ms:\n${started.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now();
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function embeddedStart(dataDir: string): Promise<{ ready: number; banner: number; cpu: number }> {
  const ports = { CONTROL_PLANE_PORT: await freePort(), DATA_PLANE_PORT: await freePort(), AUDIT_PORT: await freePort() };
  const t0 = performance.now();
  const started = npmRun('start', {
    CAUSEWAY_DATA_DIR: dataDir,
    CONTROL_PLANE_PORT: String(ports.CONTROL_PLANE_PORT),
    DATA_PLANE_PORT: String(ports.DATA_PLANE_PORT),
    AUDIT_PORT: String(ports.AUDIT_PORT),
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
  });
  try {
    const urls = Object.values(ports).map((port) => `http://127.0.0.1:${port}/readyz`);
    const allReady = await until('3/3 ready', started, async () => (await Promise.all(urls.map(ready))).every(Boolean));
    const cpu = started.cpuSeconds();
    const banner = await until('the banner', started, () => started.output().includes('Causeway is running'));
    return { ready: allReady - t0, banner: banner - t0, cpu };
  } finally {
    await started.kill();
  }
}

async function embeddedPhase(): Promise<void> {
  say('embedded default: `npm start` to 3/3 /readyz and to the banner');
  for (let round = 1; round <= ROUNDS; round++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'causeway-bench-starts-'));
    try {
      const first = await embeddedStart(dataDir);
      const warm = await embeddedStart(dataDir);
      say(
        `  round ${round}: first start ${ms(first.ready)} ready (${first.cpu.toFixed(2)} s CPU), ${ms(first.banner)} banner; warm restart ${ms(warm.ready)} ready (${warm.cpu.toFixed(2)} s CPU), ${ms(warm.banner)} banner`,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

async function dataPlanePhase(): Promise<void> {
  say('data plane replica: `npm run start:data-plane` to /readyz (PostgreSQL, Kafka and the control plane up)');
  const db = await createScratchDatabase('bench_starts');
  const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-dp-'));
  const secret = () => randomBytes(32).toString('hex');
  const common = {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!,
    LOG_LEVEL: 'warn',
    CAUSEWAY_JWT_SECRET: secret(),
    CAUSEWAY_API_KEY_PEPPER: secret(),
    CAUSEWAY_INTERNAL_TOKEN: secret(),
    AUDIT_INTERNAL_TOKEN: secret(),
  };
  const cpPort = await freePort();
  const controlPlane = startServiceProcess('control-plane', { ...common, PORT: String(cpPort), CAUSEWAY_SECRETS_DIR: join(dir, 'cp-secrets') });
  try {
    await waitForReady(`http://127.0.0.1:${cpPort}/readyz`, controlPlane, START_TIMEOUT_MS);
    // Round 0 migrates the data plane's tables, as the chart's Job does before any replica.
    for (let round = 0; round <= ROUNDS; round++) {
      const variants: [string, (env: Record<string, string>) => Started][] = [['npm run start:data-plane', (env) => npmRun('start:data-plane', env)]];
      if (BASELINE_DIR && round > 0) variants.push(['baseline (swc hook)', baselineDataPlane]);
      for (const [label, start] of variants) {
        const port = await freePort();
        const t0 = performance.now();
        const replica = start({
          ...common,
          PORT: String(port),
          INSTANCE_ID: uniqueId('bench-dp'),
          CONTROL_PLANE_URL: `http://127.0.0.1:${cpPort}`,
          AUDIT_SPOOL_DIR: join(dir, `spool-${round}-${port}`),
          CAUSEWAY_SECRETS_DIR: join(dir, 'dp-secrets'),
        });
        try {
          const at = await until('data plane /readyz', replica, () => ready(`http://127.0.0.1:${port}/readyz`));
          say(`  ${round === 0 ? 'first (migrates)' : `replica ${round}`}, ${label}: ${ms(at - t0)} to ready, ${replica.cpuSeconds().toFixed(2)} s CPU`);
        } finally {
          await replica.kill();
        }
      }
    }
  } finally {
    await controlPlane.stop('SIGKILL');
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const before = performance.now();
  ensureCompiled();
  say(`compile check (tools/build/compile.js, nothing to do or the changes since the last run): ${ms(performance.now() - before)}`);
  say(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (PHASES.has('embedded')) await embeddedPhase();
  if (PHASES.has('data-plane')) await dataPlanePhase();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

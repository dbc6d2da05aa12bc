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
 * The upstream is our own nginx (`return 200`, a fixed Listen Notes playlists answer), not a
 * bundled simulator: every simulator paces its vendor's API realistically, and none takes 50
 * calls/s. The demo tenant uploads the Listen Notes OpenAPI document as a tenant connector
 * (`t_bench`: no declared rate limit), the operator allows nginx's address through
 * `EMBEDDED_EGRESS_ALLOW_PRIVATE`, and a connection points at it with `serverOverrides`, as
 * test/e2e/tenant-connector.e2e-spec.ts does with a spec-driven simulator. Each call runs the
 * whole pipeline (key auth, permissions, quotas, validation, egress guard, the upstream request,
 * output validation, the audit event).
 *
 * Knobs: BENCH_LOW_RATE (50 calls/s), BENCH_LOW_SECONDS (20), BENCH_LOW_SETTLE_S (30),
 * BENCH_LOW_VARIANTS (`name:VAR=value,...;...`; default one variant, `embedded`; the variable
 * `DIST` names another checkout's compiled tree for a before/after side by side, e.g.
 * `before:DIST=/tmp/before;after:`), BENCH_LOW_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`),
 * BENCH_KEEP (keep the run directory), BENCH_OUT (JSON).
 * Quotas are raised (KEY_CALLS_PER_MINUTE etc.) so no call is refused by them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNginx, type RunningNginx } from './nginx';
import { idleCores, runPaced, type PacedResult } from './paced-client';

const env = process.env;
const RATE = Number(env.BENCH_LOW_RATE ?? 50);
const SECONDS = Number(env.BENCH_LOW_SECONDS ?? 20);
const SETTLE_S = Number(env.BENCH_LOW_SETTLE_S ?? 30);
const TOOL = 't_bench.list_playlists';
const INPUT = '{"sort":"recent_added_first"}';
/** What the nginx upstream answers to every request: a page of playlists, as the tool's output schema expects. */
const UPSTREAM_ANSWER = JSON.stringify({
  playlists: [{ id: 'p1', name: 'bench', total_episodes: 3 }],
  total: 1,
  has_next: false,
  has_previous: false,
  page_number: 1,
});
const LISTEN_SPECS = resolve(__dirname, '../../libs/connectors/src/importer/specs/listennotes');
const VARIANTS = (env.BENCH_LOW_VARIANTS ?? 'embedded:')
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
/** Node flags for every embedded process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (written when it stops). */
const NODE_FLAGS = (env.BENCH_LOW_NODE_FLAGS ?? '').split(' ').filter(Boolean);
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
  controlPlanePort: number;
}

/** The demo tenant's admin, through the control plane's GraphQL API. */
async function graphql<T>(r: Running, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${r.controlPlanePort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`${r.name}: GraphQL ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Uploads the tenant connector, connects it to nginx and waits until the data plane lists the tool. */
async function wireBenchConnector(r: Running, upstreamUrl: string): Promise<string> {
  const demo = JSON.parse(readFileSync(join(r.dir, 'demo.json'), 'utf8')) as { admin: { email: string; password: string }; apiKey: { key: string } };
  const token = (
    await graphql<{ login: { accessToken: string } }>(
      r,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      { e: demo.admin.email, p: demo.admin.password },
    )
  ).login.accessToken;
  await graphql(
    r,
    'mutation($i: UploadTenantConnectorInput!) { uploadTenantConnector(input: $i) { connector { id } } }',
    {
      i: {
        slug: 'bench',
        openApiDocument: readFileSync(join(LISTEN_SPECS, 'spec.json'), 'utf8'),
        overlayDocument: readFileSync(join(LISTEN_SPECS, 'overlay.yaml'), 'utf8'),
      },
    },
    token,
  );
  await graphql(
    r,
    'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
    { i: { provider: 't_bench', name: 'bench', kind: 'shared', token: 'bench-key', serverOverrides: JSON.stringify({ default: `${upstreamUrl}/api/v2` }) } },
    token,
  );
  const until = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${r.port}/v1/actions/${TOOL}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey.key}`, 'content-type': 'application/json' },
      body: `{"input":${INPUT}}`,
    });
    const text = await response.text();
    if (response.status === 200) return demo.apiKey.key;
    if (Date.now() > until) throw new Error(`${r.name}: ${TOOL} answers ${response.status} ${text.slice(0, 300)}`);
    await new Promise((done) => setTimeout(done, 500));
  }
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
  let upstream: RunningNginx | undefined;
  const stopAll = () => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGTERM');
    void upstream?.stop();
  };
  process.on('SIGINT', () => {
    stopAll();
    process.exit(1);
  });
  try {
    say(`== low rate: ${RATE} calls/s of ${TOOL} for ${SECONDS} s, embedded default, variants side by side ==`);
    say(`  load before: ${load()}`);
    let base = 47_000 + Math.floor(Math.random() * 50) * 10;
    const upstreamPort = base + 9;
    upstream = await startNginx({ name: 'nginx-upstream', dir: root, port: upstreamPort, mode: { kind: 'upstream', body: UPSTREAM_ANSWER } });
    for (const variant of VARIANTS) {
      const dir = join(root, variant.name);
      const ports = { CONTROL_PLANE_PORT: base, DATA_PLANE_PORT: base + 1, AUDIT_PORT: base + 2 };
      base += 10;
      const log = openSync(`${dir}.log`, 'a');
      const { DIST = REPO, ...vars } = variant.vars;
      const child = spawn(process.execPath, [...NODE_FLAGS, join(DIST, 'dist/apps/embedded/src/main.js')], {
        cwd: DIST,
        env: {
          ...env,
          EMBEDDED_EGRESS_ALLOW_PRIVATE: `127.0.0.1:${upstreamPort}`,
          CAUSEWAY_DATA_DIR: dir,
          LOG_LEVEL: 'warn',
          TENANT_CALLS_PER_MINUTE: '600000',
          KEY_CALLS_PER_MINUTE: '600000',
          KEY_CONCURRENT_CALLS: '1000',
          ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
          ...vars,
        },
        stdio: ['ignore', log, log],
      });
      running.push({ name: variant.name, child, dir, port: ports.DATA_PLANE_PORT, controlPlanePort: ports.CONTROL_PLANE_PORT });
    }
    for (const r of running) await waitFor(join(r.dir, 'demo.json'), r.child, 240_000);
    const keys = await Promise.all(running.map((r) => wireBenchConnector(r, upstream!.url)));
    // The demo wiring (connections to every simulator) runs after demo.json: let it finish.
    await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
    const idle = await Promise.all(running.map((r) => idleCores(r.child.pid!, 10)));
    say(`  idle (10 s): ${running.map((r, i) => `${r.name} ${idle[i].toFixed(3)} core`).join(', ')}; load ${load()}`);
    const results: PacedResult[] = await Promise.all(
      running.map((r, i) => {
        return runPaced(
          {
            url: `http://127.0.0.1:${r.port}/v1/actions/${TOOL}`,
            headers: { authorization: `Bearer ${keys[i]}`, 'content-type': 'application/json' },
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
    await upstream?.stop().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    if (env.BENCH_KEEP !== '1') rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

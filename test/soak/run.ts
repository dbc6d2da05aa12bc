/**
 * The soak: the production topology (two data-plane replicas, two audit consumers, the control
 * plane, and Kafka, PostgreSQL, Redis and OpenBao of its own) under steady agent load, while a
 * seeded driver SIGKILLs service processes and restarts the infrastructure at random moments.
 * Afterwards it reconciles what the agent saw with what the audit store and the upstream hold.
 *
 *   node -r @swc-node/register test/soak/run.ts --minutes 10 --seed 42 [--min-faults 50]
 *
 * Exit code 0 only when every answered call has exactly one audit event, every tenant's chain
 * verifies, no idempotent write reached the upstream twice, every service is ready again, and
 * at least `--min-faults` faults were injected. The last line printed is the figures as JSON.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { request as undiciRequest } from 'undici';
import { startSlackSimulator } from '@causeway/simulators';
import { freePort, startServiceProcess, waitForReady, type ServiceProcess } from '@causeway/testing';
import { PrivateKafkaBroker } from '../../libs/messaging/src/testing/private-kafka-broker';
import { PlatformHarness } from '../support/platform-harness';
import { PrivateOpenBao, PrivatePostgres, PrivateRedis } from './private-infra';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seed: { type: 'string' },
    'min-faults': { type: 'string' },
    agents: { type: 'string', default: '4' },
  },
});
const minutes = Number(args.minutes);
const seed = args.seed !== undefined ? Number(args.seed) : Math.floor(Math.random() * 2 ** 31);
const minFaults = Number(args['min-faults'] ?? Math.max(12, Math.round(minutes * 5)));
const agents = Number(args.agents);
if (!(minutes > 0) || !Number.isInteger(seed) || !(minFaults >= 0) || !(agents >= 1)) {
  console.error('usage: run.ts --minutes <n> [--seed <int>] [--min-faults <n>] [--agents <n>]');
  process.exit(2);
}

/** mulberry32: a small seeded generator, so a seed replays the same fault schedule. */
function seeded(s: number) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) => console.log(`[soak +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
const t0 = Date.now();

interface Attempt {
  requestId: string;
  tenant: string;
  status: number; // 0: no answer (connection refused or reset)
  /** The error code of a refusal or failure, as the agent reads it. */
  code?: string;
  replica: string;
  tool: string;
  atS: number; // seconds since the soak started, as in the log lines
}
interface Write {
  key: string;
  tenant: string;
  settled: boolean; // the agent saw a 200 for it
}

async function main(): Promise<number> {
  console.log(`soak: seed ${seed}, ${minutes} min, at least ${minFaults} faults, ${agents} agents`);
  const dir = mkdtempSync(join(tmpdir(), 'causeway-soak-'));
  const [kafka, pg, redis, bao] = await Promise.all([PrivateKafkaBroker.create(), PrivatePostgres.create(), PrivateRedis.create(), PrivateOpenBao.create()]);
  log(`infra: kafka ${kafka.brokers[0]}, postgres ${pg.port}, redis ${redis.port}, openbao ${bao.port}`);

  // The upstream: Slack's simulator behind a proxy counting each chat.postMessage by its text,
  // which carries the agent's Idempotency-Key: a key counted twice is a duplicate write.
  // Slack's rate limits lifted: the soak is about faults in Causeway, not Slack's tiers.
  const slack = await startSlackSimulator({
    methodLimitsPerMinute: { 'conversations.list': 1_000_000 },
    postMessagePerChannel: { limit: 1_000_000, windowSeconds: 1 },
  });
  const upstreamWrites = new Map<string, number>();
  const proxy: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = Buffer.concat(chunks);
        const upstream = await undiciRequest(`${slack.url}${req.url}`, {
          method: req.method as 'POST',
          headers: req.headers,
          body: chunks.length ? body : undefined,
        });
        const answer = Buffer.from(await upstream.body.arrayBuffer());
        if (req.url?.includes('chat.postMessage') && upstream.statusCode === 200 && JSON.parse(answer.toString()).ok) {
          const key = /soak:([\w-]+)/.exec(body.toString())?.[1] ?? 'unknown';
          upstreamWrites.set(key, (upstreamWrites.get(key) ?? 0) + 1);
        }
        res.writeHead(upstream.statusCode, upstream.headers as Record<string, string>);
        res.end(answer);
      } catch (error) {
        res.writeHead(502).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

  // Only the harness's GraphQL and OAuth helpers, pointed at the control plane process.
  const cp = new PlatformHarness();
  const auditToken = randomBytes(32).toString('hex');
  const common = {
    DATABASE_URL: pg.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    REDIS_URL: redis.url,
    VAULT_ADDR: bao.url,
    VAULT_TOKEN: bao.rootToken,
    LOG_LEVEL: 'warn',
    CAUSEWAY_JWT_SECRET: cp.secrets.jwtSecret,
    CAUSEWAY_API_KEY_PEPPER: cp.secrets.apiKeyPepper,
    CAUSEWAY_INTERNAL_TOKEN: cp.secrets.internalToken,
    AUDIT_INTERNAL_TOKEN: auditToken,
    EGRESS_ALLOW_PRIVATE: '127.0.0.1/32,::1/128',
    EGRESS_PLAIN_HTTP: 'allowed_private',
  };

  /** A service replica: a fixed port and identity, so a restarted process takes its place. */
  interface Replica {
    name: string;
    url: string;
    proc?: ServiceProcess;
    start(): Promise<void>;
  }
  const replica = async (name: string, service: 'audit' | 'data-plane' | 'control-plane', env: () => Record<string, string>): Promise<Replica> => {
    const port = await freePort();
    const r: Replica = {
      name,
      url: `http://127.0.0.1:${port}`,
      // As Kubernetes would: a process that exits before it is ready (a data plane cannot
      // start while Kafka is down) is started again, until ready or three minutes have passed.
      async start() {
        const deadline = Date.now() + 180_000;
        for (;;) {
          r.proc = startServiceProcess(service, { ...common, ...env(), PORT: String(port) }, { name });
          try {
            await waitForReady(`${r.url}/readyz`, r.proc, 120_000);
            return;
          } catch (error) {
            await r.proc.stop('SIGKILL');
            if (Date.now() > deadline) throw error;
            crashLoops[name] = (crashLoops[name] ?? 0) + 1;
            log(`${name} exited before ready; starting it again (${/"msg":"([^"]*)"[^\n]*\n?$/.exec(r.proc.output())?.[1] ?? 'no message'})`);
            await sleep(1000);
          }
        }
      },
    };
    return r;
  };
  const signingKey = join(dir, 'audit-signing-key.pem');
  const audits = [
    await replica('audit-1', 'audit', () => ({ AUDIT_CONSUMER_GROUP: 'soak-audit', AUDIT_SIGNING_KEY_FILE: signingKey })),
    await replica('audit-2', 'audit', () => ({ AUDIT_CONSUMER_GROUP: 'soak-audit', AUDIT_SIGNING_KEY_FILE: signingKey })),
  ];
  const controlPlane = await replica('control-plane', 'control-plane', () => ({
    CAUSEWAY_SECRETS_DIR: join(dir, 'cp-secrets'),
    CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: cp.operator.email,
    CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: cp.operator.password,
    CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES: 'true',
    DATA_PLANE_URL: dataPlanes[0].url,
  }));
  const dataPlanes: Replica[] = [];
  for (const n of [1, 2]) {
    dataPlanes.push(
      await replica(`data-plane-${n}`, 'data-plane', () => ({
        INSTANCE_ID: `soak-dp-${n}`,
        AUDIT_SPOOL_DIR: join(dir, `spool-dp-${n}`),
        CAUSEWAY_SECRETS_DIR: join(dir, `dp-${n}-secrets`),
        CONTROL_PLANE_URL: controlPlane.url,
        KEY_CONCURRENT_CALLS: '200',
      })),
    );
  }
  const services = [...audits, controlPlane, ...dataPlanes];

  const faults: Record<string, number> = {};
  const crashLoops: Record<string, number> = {};
  const recoveryFailures: string[] = [];
  let exitCode = 1;
  try {
    // Audit first (one at a time: the first writes the shared signing key), then the control plane, then the data planes.
    for (const s of audits) await s.start();
    await controlPlane.start();
    cp.url = controlPlane.url;
    await Promise.all(dataPlanes.map((s) => s.start()));
    log('services ready');

    const tenants: { id: string; key: string }[] = [];
    for (const slug of ['soak-a', 'soak-b']) {
      const owner = await cp.tenantWithOwner(slug);
      await cp.connectViaOAuth(
        owner.token,
        'slack',
        { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
        { default: `${proxyUrl}/api` },
        ['chat:write', 'channels:read', 'channels:history'],
      );
      const key = (
        await cp.ok<{ createApiKey: { secret: string } }>(
          'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool"] }) { secret } }',
          {},
          owner.token,
        )
      ).createApiKey.secret;
      tenants.push({ id: owner.tenantId, key });
    }
    // Both replicas serve both tenants before the load starts.
    for (const dp of dataPlanes)
      for (const t of tenants)
        await until(`${dp.name} serves ${t.id}`, async () => (await call(dp.url, t.key, 'slack.list_channels', { limit: 1 })).status === 200, 60_000);
    log('tenants connected; load and faults start');

    const attempts: Attempt[] = [];
    const writes: Write[] = [];
    const deadline = Date.now() + minutes * 60_000;

    // The agents: each loops over reads and idempotent writes against either replica; a write
    // not answered 200 (no answer, 5xx, 409 in progress) is retried with the same key, as a
    // client following the contract would, until it settles or the load ends.
    const agent = async (n: number) => {
      let i = 0;
      while (Date.now() < deadline) {
        const tenant = tenants[(n + i++) % tenants.length];
        const isWrite = i % 2 === 0;
        const write: Write | undefined = isWrite ? { key: `w${n}-${i}-${randomUUID().slice(0, 8)}`, tenant: tenant.id, settled: false } : undefined;
        if (write) writes.push(write);
        for (let tries = 0; Date.now() < deadline + 30_000; tries++) {
          const dp = dataPlanes[(n + i + tries) % dataPlanes.length];
          const requestId = randomUUID();
          const result = write
            ? await call(
                dp.url,
                tenant.key,
                'slack.post_message',
                { channel: 'C0ENG000001', text: `soak:${write.key}` },
                { 'idempotency-key': write.key, 'x-request-id': requestId },
              )
            : await call(dp.url, tenant.key, 'slack.list_channels', { limit: 5 }, { 'x-request-id': requestId });
          attempts.push({
            requestId,
            tenant: tenant.id,
            status: result.status,
            code: result.code,
            replica: dp.name,
            tool: write ? 'post_message' : 'list_channels',
            atS: Math.round((Date.now() - t0) / 100) / 10,
          });
          if (!write || result.status === 200) {
            if (write) write.settled = true;
            break;
          }
          if (result.status >= 400 && result.status < 500 && result.status !== 409 && result.status !== 429) break; // a final refusal
          await sleep(200 + tries * 100);
        }
        await sleep(50);
      }
    };

    // The driver: at seeded random moments, a fault on a random target that is not already
    // down (faults on different targets overlap, as they would in production). A killed
    // service or stopped server comes back after a seeded pause.
    type Target = { name: string; kind: string; down(): Promise<void>; up(): Promise<void> };
    const targets: Target[] = [
      ...[...dataPlanes, ...audits, controlPlane].map((s) => ({
        name: s.name,
        kind: `kill-${s.name.replace(/-\d$/, '')}`,
        down: async () => void (await s.proc!.stop('SIGKILL')),
        up: () => s.start(),
      })),
      { name: 'kafka', kind: 'restart-kafka', down: () => kafka.stop(), up: () => kafka.start() },
      { name: 'postgres', kind: 'restart-postgres', down: () => pg.stop(random() < 0.5 ? 'immediate' : 'fast'), up: () => pg.start() },
      { name: 'redis', kind: 'restart-redis', down: () => redis.stop(random() < 0.5 ? 'SIGKILL' : 'SIGTERM'), up: () => redis.start() },
      { name: 'openbao', kind: 'restart-openbao', down: () => bao.stop(), up: () => bao.start() },
    ];
    const busy = new Set<string>();
    let injected = 0;
    const inFlight: Promise<void>[] = [];
    const fault = async (target: Target, downMs: number) => {
      const started = Date.now();
      busy.add(target.name);
      try {
        await target.down();
        await sleep(downMs);
        await target.up();
        faults[target.kind] = (faults[target.kind] ?? 0) + 1;
        log(`fault ${++injected}: ${target.kind} ${target.name} (back after ${Date.now() - started} ms)`);
      } catch (error) {
        recoveryFailures.push(target.name);
        log(`${target.name} did not come back: ${String(error).slice(0, 3000)}`);
      } finally {
        busy.delete(target.name);
      }
    };
    const driver = async () => {
      const meanGapMs = Math.max(500, (minutes * 60_000 * 0.85) / (minFaults * 1.15));
      while (Date.now() < deadline - 5000) {
        await sleep(meanGapMs * (0.5 + random()));
        const free = targets.filter((t) => !busy.has(t.name));
        if (!free.length || Date.now() >= deadline - 5000) continue;
        inFlight.push(fault(pick(free), 500 + Math.floor(random() * 2500)));
      }
      await Promise.all(inFlight);
    };

    await Promise.all([...[...Array(agents)].map((_, n) => agent(n)), driver()]);
    log('load ended; waiting for the services to be ready and the audit trail to settle');

    // Every service ready again.
    const notReady: string[] = [];
    for (const s of services) {
      try {
        if (s.proc?.child.exitCode !== null || s.proc?.child.signalCode !== null) await s.start();
        await waitForReady(`${s.url}/readyz`, s.proc, 120_000);
      } catch {
        notReady.push(s.name);
      }
    }

    // Reconcile: each answered attempt has exactly one audit event (by its request id).
    const answered = attempts.filter((a) => a.status >= 200 && a.status < 500);
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    let missing: Attempt[] = [];
    let duplicatedEvents: { id: string; n: number }[] = [];
    const settleDeadline = Date.now() + 180_000;
    for (;;) {
      const { rows } = await db.query<{ correlation_id: string; n: string }>(
        `SELECT correlation_id, count(*) AS n FROM audit.audit_events WHERE correlation_id = ANY($1) GROUP BY correlation_id`,
        [attempts.map((a) => a.requestId)],
      );
      const counts = new Map(rows.map((r) => [r.correlation_id, Number(r.n)]));
      missing = answered.filter((a) => !counts.has(a.requestId));
      duplicatedEvents = rows.filter((r) => Number(r.n) > 1).map((r) => ({ id: r.correlation_id, n: Number(r.n) }));
      if (missing.length === 0 || Date.now() > settleDeadline) break;
      await sleep(2000);
    }
    const unansweredAudited = (
      await db.query<{ n: string }>(`SELECT count(*) AS n FROM audit.audit_events WHERE correlation_id = ANY($1)`, [
        attempts.filter((a) => a.status === 0 || a.status >= 500).map((a) => a.requestId),
      ])
    ).rows[0].n;
    await db.end();

    // Every tenant's chain verifies.
    const chains: Record<string, unknown> = {};
    for (const t of tenants) {
      const response = await fetch(`${audits[0].url}/v1/tenants/${t.id}/verify`, { headers: { authorization: `Bearer ${auditToken}` } });
      chains[t.id] = response.ok ? await response.json() : { ok: false, status: response.status, body: await response.text() };
    }
    const brokenChains = Object.entries(chains).filter(([, v]) => !(v as { ok: boolean }).ok);

    // No idempotent write reached the upstream twice; every settled write reached it once.
    const duplicateWrites = [...upstreamWrites].filter(([, n]) => n > 1).map(([key, n]) => ({ key, n }));
    const lostWrites = writes.filter((w) => w.settled && !upstreamWrites.has(w.key)).map((w) => w.key);

    const faultCount = Object.values(faults).reduce((a, b) => a + b, 0);
    const figures = {
      seed,
      minutes,
      faults: faultCount,
      faultsByKind: faults,
      attempts: attempts.length,
      answered: answered.length,
      answeredByStatus: countBy(attempts.map((a) => String(a.status))),
      // Which failures the agents saw: a 500 here is a defect to find (faults must read as 503s).
      errorsByCode: countBy(attempts.filter((a) => a.status >= 400).map((a) => `${a.status} ${a.code ?? '(no code)'}`)),
      writes: writes.length,
      writesSettled: writes.filter((w) => w.settled).length,
      upstreamWrites: [...upstreamWrites.values()].reduce((a, b) => a + b, 0),
      auditMissing: missing.length,
      auditMissingCalls: missing.slice(0, 10),
      auditDuplicated: duplicatedEvents.length,
      auditedUnanswered: Number(unansweredAudited),
      duplicateWrites: duplicateWrites.length,
      lostWrites: lostWrites.length,
      brokenChains: brokenChains.length,
      notReady,
      recoveryFailures,
      restartsBeforeReady: crashLoops,
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    };
    if (missing.length) console.log('answered calls without an audit event:', JSON.stringify(missing.slice(0, 20)));
    if (duplicatedEvents.length) console.log('calls with more than one audit event:', JSON.stringify(duplicatedEvents.slice(0, 20)));
    if (duplicateWrites.length) console.log('idempotent writes that reached the upstream more than once:', JSON.stringify(duplicateWrites.slice(0, 20)));
    if (lostWrites.length) console.log('writes answered 200 that never reached the upstream:', JSON.stringify(lostWrites.slice(0, 20)));
    if (brokenChains.length) console.log('chains that do not verify:', JSON.stringify(brokenChains));
    const ok =
      faultCount >= minFaults &&
      answered.length > 0 &&
      missing.length === 0 &&
      duplicatedEvents.length === 0 &&
      duplicateWrites.length === 0 &&
      lostWrites.length === 0 &&
      brokenChains.length === 0 &&
      notReady.length === 0 &&
      recoveryFailures.length === 0;
    console.log(`soak ${ok ? 'PASSED' : 'FAILED'}`);
    console.log(JSON.stringify(figures));
    exitCode = ok ? 0 : 1;
  } catch (error) {
    console.error('soak aborted:', error);
    for (const s of services) if (s.proc) console.error(`--- ${s.name} (last output)\n${s.proc.output().slice(-3000)}`);
  } finally {
    await Promise.allSettled(services.map((s) => s.proc?.stop('SIGKILL')));
    await Promise.allSettled([kafka.destroy(), pg.destroy(), redis.destroy(), bao.destroy(), slack.stop(), new Promise((r) => proxy.close(r))]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(cp.secretsDir, { recursive: true, force: true });
  }
  return exitCode;
}

async function call(
  url: string,
  key: string,
  tool: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; code?: string }> {
  try {
    const response = await fetch(`${url}/v1/actions/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ input }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.text();
    if (response.ok) return { status: response.status };
    return { status: response.status, code: errorCodeOf(body) };
  } catch {
    return { status: 0 };
  }
}

function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return body ? 'not JSON' : undefined;
  }
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(250);
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

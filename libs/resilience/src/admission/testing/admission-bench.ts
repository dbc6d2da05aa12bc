/**
 * Micro-benchmark of one call's admission against Redis, without the rest of the data plane:
 * the five sequential round trips the data plane made before (GCRA tenant, GCRA key, PTTL
 * connection hold, PTTL bucket hold, GCRA pace) against one RedisAdmission.decide, each with
 * ioredis' enableAutoPipelining off and on. Per variant: calls/s with CONCURRENCY callers in
 * flight (as wrk -c32 keeps 32 calls in flight), CPU of this Node process per call, and Redis
 * commands per call from INFO commandstats (client commands and those run inside scripts).
 *
 *   node -r @swc-node/register libs/resilience/src/admission/testing/admission-bench.ts
 *
 * Env: REDIS_URL (default: a private redis-server on a free port, removed afterwards; the
 * benchmark FLUSHes nothing but writes keys under a random prefix), SECONDS (5), CONCURRENCY (32),
 * ROUNDS (3: the four variants run interleaved each round; the summary gives medians).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { createRedisClient } from '../../common/redis-client';
import { RedisRateLimiter } from '../../limits/redis-rate-limiter';
import { RedisHoldStore } from '../../upstream/redis-hold-store';
import { RedisAdmission } from '../redis-admission';

const SECONDS = Number(process.env.SECONDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function commandStats(redis: Redis): Promise<Record<string, number>> {
  const text = await redis.info('commandstats');
  const stats: Record<string, number> = {};
  for (const match of text.matchAll(/cmdstat_(\w+):calls=(\d+)/g)) stats[match[1]] = Number(match[2]);
  return stats;
}

function format(row: { rate: number; cpu: number; trips: number; scripted: number }): string {
  return `${Math.round(row.rate).toString().padStart(6)} calls/s  ${Math.round(row.cpu).toString().padStart(4)} µs CPU/call  ${row.trips.toFixed(2)} commands sent/call  ${row.scripted.toFixed(2)} run inside scripts/call`;
}

async function main(): Promise<void> {
  let url = process.env.REDIS_URL;
  let server: ReturnType<typeof spawn> | undefined;
  if (!url) {
    const port = await freePort();
    server = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    url = `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 300));
  }
  const admin = new Redis(url);
  const prefix = `bench:${randomUUID()}:`;
  const quota = { perMinute: 6_000_000, burst: 600_000 };
  const pace = { ratePerSecond: 1, burst: 1 };
  const drop = async (pattern: string) => {
    const keys = await admin.keys(pattern);
    if (keys.length > 0) await admin.del(...keys);
  };
  const results = new Map<string, Array<{ rate: number; cpu: number; trips: number; scripted: number }>>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of ['five round trips', 'one script']) {
      for (const autoPipelining of [false, true]) {
        const redis = createRedisClient(url, {
          overrides: { enableAutoPipelining: autoPipelining },
        });
        await new Promise((resolve) => redis.once('ready', resolve));
        const limiter = new RedisRateLimiter(redis, { prefix });
        const holds = new RedisHoldStore(redis, { prefix: `${prefix}hold:` });
        const admission = new RedisAdmission(redis, {
          prefix,
          holdPrefix: `${prefix}hold:`,
        });
        let n = 0;
        const call = async (i: number) => {
          // A fresh channel per call, so the pace (1/s per channel) never refuses.
          const channel = `C${i}`;
          if (variant === 'one script') {
            const decision = await admission.decide({
              holds: [
                { scope: 'upstream', key: 'slack:conn' },
                {
                  scope: 'upstream',
                  key: `slack:conn:chat.postMessage:${channel}`,
                },
              ],
              takes: [
                { scope: 'tenant', key: 'tenant:t1', rule: quota },
                { scope: 'key', key: 'key:k1', rule: quota },
                {
                  scope: 'pace',
                  key: `pace:slack:conn:chat.postMessage:${channel}`,
                  rule: pace,
                },
              ],
            });
            if (!decision.allowed) throw new Error(`refused: ${JSON.stringify(decision)}`);
          } else {
            if (!(await limiter.take('tenant:t1', quota)).allowed) throw new Error('tenant refused');
            if (!(await limiter.take('key:k1', quota)).allowed) throw new Error('key refused');
            if ((await holds.remainingMs('slack:conn')) > 0) throw new Error('held');
            if ((await holds.remainingMs(`slack:conn:chat.postMessage:${channel}`)) > 0) throw new Error('held');
            if (!(await limiter.take(`pace:slack:conn:chat.postMessage:${channel}`, pace)).allowed) throw new Error('paced');
          }
        };
        // Warm up (loads the scripts), then measure.
        for (let i = 0; i < 200; i++) await call(i + 1_000_000);
        await drop(`${prefix}pace:*`);
        const before = await commandStats(admin);
        const cpu = process.cpuUsage();
        const started = performance.now();
        const endAt = started + SECONDS * 1000;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (performance.now() < endAt) await call(n++);
          }),
        );
        const elapsed = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const after = await commandStats(admin);
        const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
        // PTTL is a client command in the old path and runs inside the script in the new one.
        const scripted = variant === 'one script';
        const clientCommands = delta('evalsha') + delta('eval') + (scripted ? 0 : delta('pttl'));
        const inScripts = delta('get') + delta('set') + delta('time') + (scripted ? delta('pttl') : 0);
        const label = `${variant.padEnd(16)} autoPipelining ${String(autoPipelining).padEnd(5)}`;
        const row = {
          rate: (n / elapsed) * 1000,
          cpu: (used.user + used.system) / n,
          trips: clientCommands / n,
          scripted: inScripts / n,
        };
        results.set(label, [...(results.get(label) ?? []), row]);
        process.stdout.write(`round ${round}: ${label} ${format(row)}\n`);
        await drop(`${prefix}pace:*`);
        redis.disconnect();
      }
    }
  }
  process.stdout.write(`medians over ${ROUNDS} rounds, ${CONCURRENCY} calls in flight, ${SECONDS} s each:\n`);
  for (const [label, rows] of results) {
    const median = (pick: (r: (typeof rows)[number]) => number) => rows.map(pick).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
    process.stdout.write(
      `  ${label} ${format({ rate: median((r) => r.rate), cpu: median((r) => r.cpu), trips: median((r) => r.trips), scripted: median((r) => r.scripted) })}\n`,
    );
  }
  await drop(`${prefix}*`);
  admin.disconnect();
  server?.kill('SIGTERM');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

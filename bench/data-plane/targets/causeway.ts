/**
 * Target process for (c) and (d), started by run.ts (not on its own):
 *
 * (c) `causeway`: the data plane through `startDataPlane`, wired as PlatformHarness and the
 *     embedded default wire it (in-process event bus, local encrypted secret store), every
 *     feature it has on: API-key auth, permission layers, input validation, connection
 *     selection, tenant and key quotas, key concurrency, upstream holds and declared pacing,
 *     breaker, retry policy, credential cache, egress guard, the connector engine (input and
 *     output schema, envelope check), call metrics, one audit event per call. Config arrives as config events on the bus,
 *     exactly as the control plane's outbox relay publishes them.
 * (d) `thin`: the same platform bootstrap (`startHttpService`: Nest 11 on Fastify,
 *     correlation id, request histogram, error filter) with one route that forwards the JSON
 *     body to the upstream via undici `request` (the engine's transport) and returns the
 *     upstream text: no auth, no config, no schema, no audit.
 * Limits: Redis (BENCH_REDIS_URL) as in production, or the in-memory twins without it; the
 * data plane's database: PostgreSQL (BENCH_DATABASE_URL) or PGlite as the embedded default.
 * Quotas are set far above the offered load so they are evaluated on every call but never
 * refuse; egress allows loopback (as the embedded default does for its simulators).
 *
 * Audit events go through the data plane's own SpoolingPublisher (written ahead to its spool in
 * the run's directory, then forwarded) onto the in-process bus, where a consumer group stands in for the audit service.
 *
 * Variants (BENCH_VARIANTS), each a second data plane in this process:
 *   mem      limits on the in-memory twins (the embedded default) while the main one uses Redis.
 *
 * IPC: sends { type: 'ready', ... }; answers { cmd: 'stats' }, { cmd: 'profile-start' },
 * { cmd: 'profile-stop', file }, { cmd: 'heap-start' }, { cmd: 'heap-stop', file }, { cmd: 'stop' }.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { Body, Controller, Headers, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { request } from 'undici';
import { TOPICS } from '@causeway/contracts';
import { startDataPlane, createDataPlaneDataSource, type RunningDataPlane } from '@causeway/data-plane';
import { dataPlaneConfigSchema } from '../../../apps/data-plane/src/config';
import { startEmbeddedPostgres } from '@causeway/database';
import { InProcessEventBus, type BusMessage } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { startHttpService } from '@causeway/platform';
import { LocalSecretStore, secretPath } from '@causeway/secrets';
import { allTenantEntries, apiKeyOf, idOf } from '../synthetic-config';
import { SLACK_TOKEN } from '../upstream-body';

const UPSTREAM = process.env.BENCH_UPSTREAM_URL!;
const DIR = process.env.BENCH_DIR!;
const BACKGROUND_TENANTS = Number(process.env.BENCH_BACKGROUND_TENANTS ?? 1000);
const VARIANTS = (process.env.BENCH_VARIANTS ?? '').split(',').filter(Boolean);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const REDIS_URL = process.env.BENCH_REDIS_URL;
const LOG_LEVEL = (process.env.BENCH_LOG_LEVEL ?? 'info') as 'info';

const send = (message: unknown) => process.send!(message);

@Controller('api')
class ForwardController {
  @Post(':method')
  @HttpCode(200)
  async forward(
    @Param('method') method: string,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const upstream = await request(`${UPSTREAM}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    const text = await upstream.body.text();
    reply.status(upstream.statusCode).header('content-type', String(upstream.headers['content-type'] ?? 'application/json'));
    return text;
  }
}

@Module({ controllers: [ForwardController] })
class ThinModule {}

async function main() {
  const logger = createLogger('data-plane', LOG_LEVEL);
  const db = DATABASE_URL ? { url: DATABASE_URL, stop: async () => undefined } : await startEmbeddedPostgres({ dataDir: join(DIR, 'pglite') });
  const poolSize = DATABASE_URL ? 10 : 3;
  const bus = new InProcessEventBus();
  const secretStore = await LocalSecretStore.open({ dir: join(DIR, 'secrets'), masterKey: randomBytes(32).toString('base64'), logger });
  const pepper = randomBytes(32).toString('base64url');

  // The audit service's place on the bus: a consumer group that takes every tool.call event.
  let auditEvents = 0;
  const outcomes: Record<string, number> = {};
  const auditSubscription = await bus.subscribe({
    groupId: 'bench-audit',
    topics: [TOPICS.audit],
    handleBatch: async (messages) => {
      auditEvents += messages.length;
      if (auditEvents <= 50 || auditEvents % 1000 === 0) {
        for (const m of messages) {
          const outcome = (JSON.parse(m.value ?? '{}') as { outcome?: string }).outcome ?? '?';
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        }
      }
    },
  });

  const dataSources = [createDataPlaneDataSource(db.url, poolSize)];
  const planes: RunningDataPlane[] = [];
  // Parsed with the data plane's own schema, so every default a deployment gets applies here too.
  const config = (instance: string, redis = REDIS_URL) =>
    dataPlaneConfigSchema.parse({
      PORT: '0',
      LOG_LEVEL,
      INSTANCE_ID: instance,
      CAUSEWAY_SECRETS_DIR: join(DIR, 'secrets'),
      AUDIT_SPOOL_DIR: join(DIR, `audit-spool-${instance}`),
      ...(redis ? { REDIS_URL: redis } : {}),
      TENANT_CALLS_PER_MINUTE: String(100_000_000),
      KEY_CALLS_PER_MINUTE: String(100_000_000),
      KEY_CONCURRENT_CALLS: '1000',
      EGRESS_ALLOW_PRIVATE: '127.0.0.1/32',
      ...(process.env.BENCH_SPOOL_SYNC_MS ? { AUDIT_SPOOL_SYNC_INTERVAL_MS: process.env.BENCH_SPOOL_SYNC_MS } : {}),
      ...(process.env.BENCH_SPOOL_SEAL_MS ? { AUDIT_SPOOL_SEAL_MS: process.env.BENCH_SPOOL_SEAL_MS } : {}),
    });
  const causeway = await startDataPlane({
    config: config('bench'),
    logger,
    registry: createServiceRegistry('data-plane'),
    bus,
    apiKeyPepper: pepper,
    secretStore,
    dataSource: dataSources[0],
  });
  planes.push(causeway);

  let inMemory: RunningDataPlane | undefined;
  if (VARIANTS.includes('mem') && REDIS_URL) {
    dataSources.push(createDataPlaneDataSource(db.url, poolSize));
    inMemory = await startDataPlane({
      config: config('bench-mem', ''),
      logger,
      registry: createServiceRegistry('data-plane'),
      bus,
      apiKeyPepper: pepper,
      secretStore,
      dataSource: dataSources[dataSources.length - 1],
    });
    planes.push(inMemory);
  }

  // Config as the control plane publishes it: the benchmark tenant (index 0) plus background tenants.
  const upstreamOverrides = { default: `${UPSTREAM}/api` };
  const started = Date.now();
  for (let from = 0; from <= BACKGROUND_TENANTS; from += 500) {
    const batch: BusMessage[] = [];
    for (let i = from; i < Math.min(from + 500, BACKGROUND_TENANTS + 1); i++) {
      for (const entry of allTenantEntries(i, { pepper: Buffer.from(pepper, 'utf8'), slackServerOverrides: i === 0 ? upstreamOverrides : null })) {
        batch.push({
          topic: TOPICS.config,
          key: entry.entityId,
          value: { id: randomUUID(), specVersion: 1, op: 'upsert', occurredAt: new Date().toISOString(), ...entry },
        });
      }
    }
    await bus.publish(batch);
  }
  const tenantId = idOf('tenant', 0);
  const connectionId = idOf('connection', 0, 0);
  const key = apiKeyOf(0, 0);
  for (const plane of planes) {
    if (!plane.configView.apiKeyByPrefix(key.prefix) || !plane.configView.connection(tenantId, connectionId))
      throw new Error('config did not reach the data plane');
  }
  // A Slack bot token (no expiry, no refresh token), as the control plane stores it after consent.
  await secretStore.write(secretPath.connection(tenantId, connectionId), { kind: 'token', authMode: 'oauth2', accessToken: SLACK_TOKEN });

  const thin = await startHttpService({
    name: 'thin',
    module: ThinModule,
    logger,
    registry: new Registry(),
    port: 0,
    host: '127.0.0.1',
    // d-raw: the same forwarding on the Fastify instance, past Nest's request pipeline (the platform hooks still run).
    fastifyRoutes: (app) =>
      app
        .getHttpAdapter()
        .getInstance()
        .post<{ Params: { method: string } }>('/raw/api/:method', async (req, reply) => {
          const authorization = req.headers.authorization;
          const upstream = await request(`${UPSTREAM}/api/${req.params.method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...(authorization ? { authorization } : {}) },
            body: JSON.stringify(req.body),
          });
          const text = await upstream.body.text();
          return reply
            .status(upstream.statusCode)
            .header('content-type', String(upstream.headers['content-type'] ?? 'application/json'))
            .send(text);
        }),
  });

  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));

  process.on('message', async (message: { cmd: string; file?: string; intervalUs?: number }) => {
    try {
      if (message.cmd === 'stats') {
        send({
          type: 'stats',
          auditEvents,
          outcomes,
          memory: process.memoryUsage(),
          config: {
            tenants: causeway.configView.count('tenant'),
            connections: causeway.configView.count('connection'),
            keys: causeway.configView.count('api_key'),
          },
        });
      } else if (message.cmd === 'profile-start') {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: message.intervalUs ?? 200 });
        await post('Profiler.start');
        send({ type: 'profile-started' });
      } else if (message.cmd === 'heap-start') {
        // Objects that outlive a scavenge, by allocation site: what promotes to old space and
        // makes scavenges slow. Those a major GC collects later are kept in the report too.
        await post('HeapProfiler.enable');
        await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
        send({ type: 'heap-started' });
      } else if (message.cmd === 'heap-stop') {
        const { profile } = await post<{ profile: unknown }>('HeapProfiler.stopSampling');
        writeFileSync(message.file!, JSON.stringify(profile));
        send({ type: 'heap-stopped', file: message.file });
      } else if (message.cmd === 'profile-stop') {
        const { profile } = await post<{ profile: unknown }>('Profiler.stop');
        writeFileSync(message.file!, JSON.stringify(profile));
        send({ type: 'profile-stopped', file: message.file });
      } else if (message.cmd === 'stop') {
        session.disconnect();
        await thin.close();
        await causeway.close();
        await inMemory?.close();
        await auditSubscription.close();
        await bus.close();
        await Promise.allSettled([...dataSources.map((d) => d.destroy()), secretStore.close()]);
        await db.stop();
        send({ type: 'stopped' });
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', error: error instanceof Error ? error.stack : String(error) });
    }
  });

  send({
    type: 'ready',
    urls: { causeway: causeway.url, thin: thin.url, ...(inMemory ? { causewayMem: inMemory.url } : {}) },
    wiring: { limits: REDIS_URL ? 'redis' : 'in-memory', database: DATABASE_URL ? 'postgresql' : 'pglite' },
    apiKey: key.key,
    configLoadMs: Date.now() - started,
  });
}

main().catch((error) => {
  process.stderr.write(`causeway target failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

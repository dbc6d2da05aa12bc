import { readFileSync } from 'node:fs';
import { Counter, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { TOPICS } from '@causeway/contracts';
import { createEgressGuard, egressSettingsFromEnv, providerTransport } from '@causeway/egress';
import { migrate, registerPoolMetrics } from '@causeway/database';
import { SpoolingPublisher, type EventBus } from '@causeway/messaging';
import { METRIC_NAMES, type Logger } from '@causeway/observability';
import { startHttpService } from '@causeway/platform';
import { createRedisClient } from '@causeway/resilience';
import type { SecretStore } from '@causeway/secrets';
import { CallMetrics } from './actions/call-metrics';
import { ApprovalPolicyView } from './approvals/approval-policy-view';
import { startApprovals } from './approvals/approvals';
import { registerActionsRoute } from './actions/actions.route';
import { engineFactory } from './actions/engine-for';
import { DataPlaneModule } from './app.module';
import type { DataPlaneConfig } from './config';
import { configConsumerGroup } from './config-consumer-group';
import { ConfigView } from './config-view/config-view';
import { dataPlaneReadiness } from './readiness';
import { loadSnapshot } from './config-view/snapshot-client';
import { ConfigChangesPoller } from './config-view/config-changes-poller';
import { ConfigFeed } from './config-view/config-feed';
import { ConnectionStatusReporter } from './control-plane-client/status-reporter';
import { CredentialProvider } from './credentials/credential-provider';
import { PostgresRefreshLock } from './credentials/refresh-lock';
import { CallGuards } from './limits/call-guards';
import { startEvents } from './events/events';
import { registerWebhookRoute } from './events/inbound/webhook.route';
import { EventFeed } from './events/stream/event-feed';
import { registerEventsSseRoute } from './events/stream/events-sse.route';
import { ApiKeyAuthenticator } from './agent-auth/api-key-authenticator';

export interface DataPlaneDeps {
  config: DataPlaneConfig;
  logger: Logger;
  registry: Registry;
  bus: EventBus;
  apiKeyPepper: string;
  secretStore: SecretStore;
  /** Not yet initialised; the data plane initialises and migrates it. */
  dataSource: DataSource;
}

export interface RunningDataPlane {
  url: string;
  configView: ConfigView;
  credentials: CredentialProvider;
  /** Approval policies as this replica sees them (tests wait on it after a policy change). */
  approvalPolicies: ApprovalPolicyView;
  close(): Promise<void>;
}

export async function startDataPlane(deps: DataPlaneDeps): Promise<RunningDataPlane> {
  const { config, logger, registry, bus, secretStore, dataSource } = deps;
  const configView = new ConfigView(logger, registry);
  const approvalPolicies = new ApprovalPolicyView(logger);
  // The stream and the control plane's side channel feed the views through one door, which
  // keeps each entity's newest change whichever path brought it first (decision 0010).
  const configFeed = new ConfigFeed([configView, approvalPolicies]);
  const linked = config.CONTROL_PLANE_URL && config.CAUSEWAY_INTERNAL_TOKEN ? { url: config.CONTROL_PLANE_URL, token: config.CAUSEWAY_INTERNAL_TOKEN } : undefined;
  // The database, the snapshot and the stream do not wait on each other: a replica added by
  // the autoscaler is ready after the slowest of them, not after their sum (decision 0009).
  // The view takes the snapshot and the stream in either order (a snapshot entry never
  // overwrites the stream's), and nothing is served before all three are done.
  const [, snapshot, subscription] = await Promise.all([
    (async () => {
      if (!dataSource.isInitialized) await dataSource.initialize();
      await migrate(dataSource);
    })(),
    linked ? loadSnapshot([configView, approvalPolicies], linked.url, linked.token, logger) : undefined,
    bus.subscribe({
      // Every process needs the whole config: its own group, read from the beginning.
      groupId: configConsumerGroup(config.INSTANCE_ID),
      topics: [TOPICS.config],
      fromBeginning: true,
      handleBatch: (messages) => configFeed.deliver(messages),
    }),
  ]);
  registerPoolMetrics(dataSource, registry);
  const sideChannel =
    linked && config.CONFIG_POLL_INTERVAL_MS > 0
      ? new ConfigChangesPoller({ controlPlaneUrl: linked.url, token: linked.token, intervalMs: config.CONFIG_POLL_INTERVAL_MS, feed: configFeed, logger, after: snapshot?.head })
      : undefined;
  sideChannel?.start();

  const refreshes = new Counter({ name: METRIC_NAMES.tokenRefreshes, help: 'OAuth token refreshes by outcome', labelNames: ['outcome'], registers: [registry] });
  const reporter = new ConnectionStatusReporter(config.CONTROL_PLANE_URL, config.CAUSEWAY_INTERNAL_TOKEN, logger);
  const egress = createEgressGuard({ settings: egressSettingsFromEnv(config) });
  const credentials = new CredentialProvider({
    store: secretStore,
    lock: new PostgresRefreshLock(dataSource),
    logger,
    refreshMarginMs: config.TOKEN_REFRESH_MARGIN_MS,
    cacheTtlMs: config.CREDENTIAL_CACHE_TTL_MS,
    onRefresh: (outcome) => refreshes.inc({ outcome }),
    onNeedsReauth: (tenantId, connectionId, reason) => reporter.needsReauth(tenantId, connectionId, reason),
    tokenTransport: (tokenUrl, provider) => providerTransport(egress, provider, [tokenUrl]),
  });
  // Every call's audit event is written ahead to a durable local spool and forwarded to Kafka
  // in the background (decision 0007): the agent waits for one group-committed fsync, not for
  // Kafka's acknowledgement, and Kafka being down costs latency on the trail, never an event.
  const auditSink = new SpoolingPublisher({
    bus,
    directory: config.AUDIT_SPOOL_DIR,
    logger,
    registry,
    writeAhead: true,
    // Sealing starts a new segment file (a directory fsync) and fsyncs the old one, on the
    // append path: a few times a second, not fifty. Events reach Kafka up to this much later.
    writeAheadSealMs: config.AUDIT_SPOOL_SEAL_MS,
    syncIntervalMs: config.AUDIT_SPOOL_SYNC_INTERVAL_MS,
  });
  await auditSink.start();
  const redis = config.REDIS_URL
    ? createRedisClient(config.REDIS_URL, {
        logger,
        tlsCa: config.REDIS_TLS_CA_FILE ? readFileSync(config.REDIS_TLS_CA_FILE) : undefined,
      })
    : undefined;
  const guards = new CallGuards(
    {
      tenantCallsPerMinute: config.TENANT_CALLS_PER_MINUTE,
      keyCallsPerMinute: config.KEY_CALLS_PER_MINUTE,
      keyConcurrentCalls: config.KEY_CONCURRENT_CALLS,
      fallbackShare: 1 / config.DATA_PLANE_REPLICAS,
      breakerHalfOpenAfterMs: config.BREAKER_HALF_OPEN_AFTER_MS,
    },
    { redis, dataSource, registry },
  );
  const approvals = startApprovals({ config, logger, dataSource, secretStore, egress, configView, policies: approvalPolicies, auditSink, credentials, engineFor: engineFactory(egress), registry });
  const events = startEvents({ dataSource, bus, secretStore, logger, registry, providerOf: (tenantId, connectionId) => configView.connection(tenantId, connectionId)?.provider });
  const purge = setInterval(() => void guards.idempotency.purgeExpired(1000).catch(() => undefined), 60_000).unref();

  const http = await startHttpService({
    name: 'data-plane',
    module: DataPlaneModule.forRoot({
      bus,
      registry,
      configView,
      apiKeyPepper: Buffer.from(deps.apiKeyPepper, 'utf8'),
      engineFor: engineFactory(egress),
      egress,
      guards,
      metrics: new CallMetrics(registry),
      credentials,
      auditSink,
      approvals: { gate: approvals.gate, internalToken: config.CAUSEWAY_INTERNAL_TOKEN },
      readiness: dataPlaneReadiness({ auditSpool: auditSink, secretStore, redis, database: dataSource }),
    }),
    logger,
    registry,
    port: config.PORT,
    host: config.HOST,
    rawBodiesForOtherTypes: true,
    // POST /v1/actions/{tool} is the hot path: served on Fastify directly (actions.route.ts).
    fastifyRoutes: (app) => {
      registerActionsRoute(app);
      const fastify = app.getHttpAdapter().getInstance();
      registerWebhookRoute(fastify, events.ingest, (err) => logger.error({ err }, 'webhook ingest failed'));
      const authenticator = app.get(ApiKeyAuthenticator);
      registerEventsSseRoute(fastify, new EventFeed(dataSource), (authorization) => authenticator.authenticate(authorization));
    },
  });
  return {
    url: http.url,
    configView,
    credentials,
    approvalPolicies,
    async close() {
      await http.close();
      clearInterval(purge);
      await approvals.close();
      await events.close();
      await sideChannel?.close();
      await subscription.close();
      await auditSink.waitForDrain(5000).catch(() => undefined);
      await auditSink.close();
      await egress.close();
      redis?.disconnect();
    },
  };
}

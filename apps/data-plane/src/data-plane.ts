import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Counter, type Registry } from 'prom-client';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { catalog } from '@causeway/connectors';
import { TOPICS } from '@causeway/contracts';
import { createEgressGuard, egressSettingsFromEnv, providerTransport } from '@causeway/egress';
import { migrate, registerPoolMetrics } from '@causeway/database';
import { IntentLog, SpoolingPublisher, subscribeInBackground, type EventBus } from '@causeway/messaging';
import { METRIC_NAMES, type Logger } from '@causeway/observability';
import { startHttpService } from '@causeway/platform';
import { createRedisClient } from '@causeway/resilience';
import type { SecretStore } from '@causeway/secrets';
import { CallMetrics } from './actions/call-metrics';
import type { ApprovalPolicySource } from './approvals/approval-gate';
import { recoverCallIntents, type CallIntent } from './call-audit/call-intents';
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
import { startPolling } from './events/polling/polling';
import { registerWebhookRoute } from './events/inbound/webhook.route';
import { EventFeed } from './events/stream/event-feed';
import { registerEventsSseRoute } from './events/stream/events-sse.route';
import { TenantEventWatch } from './events/stream/tenant-event-watch';
import { McpSessions } from './mcp/mcp-sessions';
import { registerAgentKeyHook } from './agent-auth/agent-key-hook';
import { registerDeadLetterRoutes } from './events/delivery/dead-letters.route';
import { registerSubscriptionRoutes } from './events/subscriptions/subscriptions.route';
import { EventSubscriptionsClient } from './control-plane-client/event-subscriptions-client';
import { ApiKeyAuthenticator } from './agent-auth/api-key-authenticator';
import { mcpAuthenticateChallenge } from './mcp/protected-resource';

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
  /** Approval policies as this replica sees them, in the config view (tests wait on it after a policy change). */
  approvalPolicies: ApprovalPolicySource;
  close(): Promise<void>;
}

export async function startDataPlane(deps: DataPlaneDeps): Promise<RunningDataPlane> {
  const { config, logger, registry, bus, secretStore, dataSource } = deps;
  const configView = new ConfigView(logger, registry);
  // The stream and the control plane's side channel feed the views through one door, which
  // keeps each entity's newest change whichever path brought it first (decision 0010).
  const configFeed = new ConfigFeed([configView]);
  const linked =
    config.CONTROL_PLANE_URL && config.CAUSEWAY_INTERNAL_TOKEN ? { url: config.CONTROL_PLANE_URL, token: config.CAUSEWAY_INTERNAL_TOKEN } : undefined;
  if (linked) configView.expectSnapshot();
  // The database, the snapshot and the stream do not wait on each other: a replica added by
  // the autoscaler is ready after the slowest of them, not after their sum (decision 0009).
  // The view takes the snapshot and the stream in either order (a snapshot entry never
  // overwrites the stream's). The stream is joined in the background: a replica started while
  // Kafka is down serves from the snapshot and the side channel instead of exiting into a
  // crash loop. Without a control plane to take a snapshot from, the stream is the one source
  // of config, so the start waits for it (still without exiting).
  const configStream = subscribeInBackground(
    bus,
    {
      // Every process needs the whole config: its own group, read from the beginning.
      groupId: configConsumerGroup(config.INSTANCE_ID),
      topics: [TOPICS.config],
      fromBeginning: true,
      handleBatch: (messages) => configFeed.deliver(messages),
    },
    { onAttemptFailed: (err, attempt) => logger.warn({ err, attempt }, 'the config stream is unreachable; retrying') },
  );
  const [, snapshot] = await Promise.all([
    (async () => {
      if (!dataSource.isInitialized) await dataSource.initialize();
      await migrate(dataSource);
    })(),
    linked ? loadSnapshot([configView], linked.url, linked.token, logger) : configStream.whenConnected.then(() => undefined),
  ]).catch(async (error: unknown) => {
    // A start that fails (the database unreachable) leaves no consumer retrying behind it.
    await configStream.close();
    throw error;
  });
  registerPoolMetrics(dataSource, registry);
  // Started without the control plane: keep asking until the snapshot is in (readiness waits for it).
  let retrying = false;
  const snapshotRetry =
    linked && !snapshot?.loaded
      ? setInterval(() => {
          if (retrying) return;
          retrying = true;
          void loadSnapshot([configView], linked.url, linked.token, logger)
            .then((retried) => retried.loaded && clearInterval(snapshotRetry))
            .finally(() => (retrying = false));
        }, 1000).unref()
      : undefined;
  const sideChannel =
    linked && config.CONFIG_POLL_INTERVAL_MS > 0
      ? new ConfigChangesPoller({
          controlPlaneUrl: linked.url,
          token: linked.token,
          intervalMs: config.CONFIG_POLL_INTERVAL_MS,
          feed: configFeed,
          logger,
          after: snapshot?.head,
        })
      : undefined;
  sideChannel?.start();

  const refreshes = new Counter({
    name: METRIC_NAMES.tokenRefreshes,
    help: 'OAuth token refreshes by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
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
    tokenTransport: (tokenUrl, provider) => providerTransport(egress, catalog.provider(provider)?.hosts ?? [], [tokenUrl]),
  });
  // Every call's audit event is written ahead to a durable local spool and forwarded to Kafka
  // in the background (decision 0007): the agent waits for one group-committed fsync, not for
  // Kafka's acknowledgement, and Kafka being down costs latency on the trail, never an event.
  const auditSink = new SpoolingPublisher({
    bus,
    directory: config.AUDIT_SPOOL_DIR,
    logger,
    registry,
    // Sealing starts a new segment file (a directory fsync) and fsyncs the old one, on the
    // append path: a few times a second, not fifty. Events reach Kafka up to this much later.
    sealMs: config.AUDIT_SPOOL_SEAL_MS,
    syncIntervalMs: config.AUDIT_SPOOL_SYNC_INTERVAL_MS,
  });
  await auditSink.start();
  // Before anything is served: calls the previous run may have sent and never audited are
  // audited as outcome_unknown, and from here on every call is announced before it is sent.
  const intents = new IntentLog<CallIntent>({
    directory: join(config.AUDIT_SPOOL_DIR, 'intents'),
    syncIntervalMs: config.AUDIT_SPOOL_SYNC_INTERVAL_MS,
    onCompactionError: (err) => logger.warn({ err }, 'compacting the call intent log failed; it grows until the next attempt'),
  });
  await recoverCallIntents(intents, auditSink, logger);
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
  const approvals = startApprovals({
    config,
    logger,
    dataSource,
    secretStore,
    egress,
    configView,
    auditSink,
    credentials,
    engineFor: engineFactory(egress),
    registry,
  });
  const events = startEvents({
    dataSource,
    bus,
    secretStore,
    logger,
    registry,
    providerOf: (tenantId, connectionId) => configView.connection(tenantId, connectionId)?.provider,
    delivery: { guard: egress, subscriptions: configView.eventSubscriptions, audit: auditSink },
    // Per-tenant overrides wait for a retention setting on the tenant's record (docs/events.md, "Not done yet").
    retention:
      config.EVENTS_PRUNE_INTERVAL_MS > 0
        ? {
            policy: () => ({
              defaultMs: config.EVENTS_RETENTION_MS,
              overrides: configView.eventRetentionOverrides(),
              dedupWindowMs: config.EVENTS_DEDUP_WINDOW_MS,
            }),
            intervalMs: config.EVENTS_PRUNE_INTERVAL_MS,
          }
        : undefined,
  });
  const polling =
    config.EVENTS_POLL_INTERVAL_MS > 0
      ? startPolling({
          dataSource,
          configView,
          guards,
          credentials,
          engineFor: engineFactory(egress),
          logger,
          onStored: () => events.stored(),
          intervalMs: config.EVENTS_POLL_INTERVAL_MS,
        })
      : undefined;
  const eventFeed = new EventFeed(dataSource);
  const mcpSessions = new McpSessions(
    eventFeed,
    new TenantEventWatch(eventFeed, 500, (err) => logger.warn({ err }, 'watching events for MCP subscriptions failed; retrying')),
  );
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
      intents,
      approvals: { gate: approvals.gate, internalToken: config.CAUSEWAY_INTERNAL_TOKEN },
      mcpSessions,
      readiness: dataPlaneReadiness({
        auditSpool: auditSink,
        secretStore,
        redis,
        database: dataSource,
        config: configView,
        configStream,
      }),
    }),
    logger,
    registry,
    port: config.PORT,
    host: config.HOST,
    rawBodiesForOtherTypes: true,
    // POST /v1/actions/{tool} is the hot path: served on Fastify directly (actions.route.ts).
    fastifyRoutes: (app) => {
      const fastify = app.getHttpAdapter().getInstance();
      // Every agent route, Nest's and Fastify's alike, is authenticated here once.
      const authenticator = app.get(ApiKeyAuthenticator);
      registerAgentKeyHook(fastify, (authorization) => authenticator.authenticate(authorization), mcpChallenge);
      registerActionsRoute(app);
      registerWebhookRoute(fastify, events.ingest, (err) => logger.error({ err }, 'webhook ingest failed'));
      registerEventsSseRoute(fastify, eventFeed);
      registerSubscriptionRoutes(fastify, new EventSubscriptionsClient(config.CONTROL_PLANE_URL, config.CAUSEWAY_INTERNAL_TOKEN));
      if (events.delivery) registerDeadLetterRoutes(fastify, events.delivery, configView.eventSubscriptions, config.CAUSEWAY_INTERNAL_TOKEN);
    },
  });
  return {
    url: http.url,
    configView,
    credentials,
    approvalPolicies: configView,
    async close() {
      await mcpSessions.closeAll();
      await http.close();
      clearInterval(purge);
      await approvals.close();
      await polling?.close();
      await events.close();
      clearInterval(snapshotRetry);
      await sideChannel?.close();
      await configStream.close();
      await intents.close();
      await auditSink.waitForDrain(5000).catch(() => undefined);
      await auditSink.close();
      await egress.close();
      redis?.disconnect();
    },
  };
}

/** A 401 of the MCP endpoint names where its protected-resource metadata is; REST's carry no challenge. */
function mcpChallenge(request: FastifyRequest): string | undefined {
  return request.routeOptions.url === '/mcp' ? mcpAuthenticateChallenge(request) : undefined;
}

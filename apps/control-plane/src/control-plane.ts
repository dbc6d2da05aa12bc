import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { migrate, registerPoolMetrics } from '@causeway/database';
import { createEgressGuard, egressSettingsFromEnv } from '@causeway/egress';
import { OutboxRelay, type EventBus } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import type { SecretStore } from '@causeway/secrets';
import { startHttpService } from '@causeway/platform';
import { ControlPlaneModule } from './app.module';
import { bootstrapOperator } from './auth/bootstrap-operator';
import type { ControlPlaneConfig } from './config';
import type { DataPlaneSettings } from './approvals/data-plane-client';

/** Secrets the control plane cannot run without; `main` reads them from the environment, the embedded default generates them. */
export interface ControlPlaneSecrets {
  jwtSecret: string;
  apiKeyPepper: string;
  internalToken: string;
}

export interface ControlPlaneDeps {
  config: ControlPlaneConfig;
  secrets: ControlPlaneSecrets;
  logger: Logger;
  registry: Registry;
  /** Not yet initialised; the control plane initialises and migrates it. */
  dataSource: DataSource;
  bus: EventBus;
  /** Where connection credentials and OAuth client secrets live; never the database. */
  secretStore: SecretStore;
}

export interface RunningControlPlane {
  url: string;
  relay: OutboxRelay;
  /** Where the control plane reaches the data plane's internal API; set `url` when the data plane starts later. */
  dataPlane: DataPlaneSettings;
  /** Drains HTTP, then stops the relay; the caller owns the data source and the bus. */
  close(): Promise<void>;
}

export async function startControlPlane(deps: ControlPlaneDeps): Promise<RunningControlPlane> {
  const { config, secrets, logger, registry, dataSource, bus, secretStore } = deps;
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await migrate(dataSource);
  registerPoolMetrics(dataSource, registry);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  await bootstrapOperator(dataSource, logger, config.CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL, config.CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD);

  const publicUrlRef = { url: `http://127.0.0.1:${config.PORT}` };
  const dataPlane: DataPlaneSettings = { url: config.DATA_PLANE_URL, internalToken: config.DATA_PLANE_INTERNAL_TOKEN ?? secrets.internalToken };
  const relay = new OutboxRelay({
    dataSource,
    bus,
    logger,
    registry,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  const egress = createEgressGuard({ settings: egressSettingsFromEnv(config) });
  const http = await startHttpService({
    name: 'control-plane',
    // A tenant connector's OpenAPI document (2 MiB) and overlay travel in one GraphQL request.
    bodyLimitBytes: 3 * 1024 * 1024,
    module: ControlPlaneModule.forRoot({
      dataSource,
      bus,
      registry,
      secretStore,
      nudgeOutbox: () => relay.nudge(),
      jwtSecret: new TextEncoder().encode(secrets.jwtSecret),
      apiKeyPepper: Buffer.from(secrets.apiKeyPepper, 'utf8'),
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      settings: {
        refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        internalToken: secrets.internalToken,
        signInThrottleStore: config.SIGN_IN_THROTTLE_STORE,
        accountNotifierWebhookUrl: config.ACCOUNT_NOTIFIER_WEBHOOK_URL,
        trustedProxies: config.TRUSTED_PROXIES,
        publicWebhookBaseUrl: config.PUBLIC_WEBHOOK_BASE_URL,
        // Resolved after listen when PORT is 0; see publicUrlRef below.
        get publicUrl() {
          return config.CAUSEWAY_PUBLIC_URL ?? publicUrlRef.url;
        },
      },
      allowUpstreamOverrides: config.CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES,
      audit: { url: config.AUDIT_URL, internalToken: config.AUDIT_INTERNAL_TOKEN },
      dataPlane,
      egress,
      productionMode: config.CAUSEWAY_MODE === 'production',
    }),
    logger,
    registry,
    port: config.PORT,
    host: config.HOST,
  });
  publicUrlRef.url = http.url;
  relay.start();
  return {
    url: http.url,
    relay,
    dataPlane,
    async close() {
      await http.close();
      await relay.stop();
      await egress.close();
    },
  };
}

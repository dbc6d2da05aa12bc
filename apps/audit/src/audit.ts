import { randomBytes } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { migrate, registerPoolMetrics } from '@causeway/database';
import { InProcessEventBus, KafkaEventBus, subscribeInBackground, type EventBus } from '@causeway/messaging';
import { METRIC_NAMES, type Logger } from '@causeway/observability';
import { startHttpService } from '@causeway/platform';
import { AuditModule } from './app.module';
import { CheckpointStore } from './checkpoints/checkpoint-store';
import { Checkpointer } from './checkpoints/checkpointer';
import { loadSigningKey, type SigningKey } from './checkpoints/signing-key';
import { resolveAuditConfig, type AuditConfig, type ResolvedAuditConfig } from './config';
import { ExportStream } from './export/export-stream';
import { AuditIngestor } from './ingest/audit-ingestor';
import { ConsumerLagMonitor, registerInProcessConsumerLag } from './ingest/consumer-lag';
import { EventsQuery } from './query/events-query';
import { AuditStore } from './store/audit-store';
import { PartitionMaintenance } from './store/partition-maintenance';
import { ChainVerification } from './verify/chain-verification';

export interface AuditDeps {
  config: AuditConfig;
  logger: Logger;
  registry: Registry;
  /** Not yet initialised; the service initialises it. Reads and appends go through it. */
  dataSource: DataSource;
  /**
   * Owner of the `audit` schema, for migrations, partition creation and retention. Absent:
   * `dataSource` does those too (the embedded default, a single-role setup).
   */
  ownerDataSource?: DataSource;
  bus: EventBus;
}

export interface RunningAudit {
  url: string;
  /** The bearer token the query API expects: the embedded default hands it to the control plane. */
  internalToken: string;
  /** SPKI PEM of the checkpoint signing key. */
  publicKeyPem: string;
  /** Stops consuming (committing what was stored), signs a last checkpoint, then drains HTTP. */
  close(): Promise<void>;
}

export async function startAudit(deps: AuditDeps): Promise<RunningAudit> {
  const { logger, registry, dataSource, bus } = deps;
  const config = resolveAuditConfig(deps.config);
  const owner = deps.ownerDataSource ?? dataSource;
  for (const db of new Set([dataSource, owner])) if (!db.isInitialized) await db.initialize();
  const applied = await migrate(owner);
  registerPoolMetrics(dataSource, registry);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const maintenance = new PartitionMaintenance({
    db: owner,
    monthsAhead: config.AUDIT_PARTITIONS_AHEAD,
    retentionMonths: config.AUDIT_RETENTION_MONTHS,
    intervalMs: config.AUDIT_MAINTENANCE_INTERVAL_MS,
    logger,
    registry,
  });
  await maintenance.runOnce();

  const signingKey = signingKeyFor(config, logger);
  const internalToken = internalTokenFor(config, logger);
  const store = new AuditStore(dataSource);
  const checkpoints = new CheckpointStore(dataSource);
  const events = new EventsQuery(dataSource);
  const ingestor = new AuditIngestor({ store, bus, deadLetterTopic: config.AUDIT_DLQ_TOPIC, logger, registry });
  const checkpointer = new Checkpointer({ store: checkpoints, key: signingKey, logger, registry, intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS });
  const http = await startHttpService({
    name: 'audit',
    module: AuditModule.forRoot({
      dataSource,
      bus,
      registry,
      internalToken,
      signingKey,
      events,
      checkpoints,
      verification: new ChainVerification(dataSource, checkpoints, new Map([[signingKey.keyId, signingKey.publicKey]])),
      exports: new ExportStream(dataSource, events, checkpoints),
      verificationFailures: new Counter({
        name: METRIC_NAMES.auditVerificationFailures,
        help: 'Chain verifications that found a broken link',
        registers: [registry],
      }),
    }),
    logger,
    registry,
    port: config.PORT,
    host: config.HOST,
  });
  // Joined in the background: started while Kafka is down, the consumer waits for it (unready,
  // its readiness checks the bus) instead of exiting into a crash loop.
  const subscription = subscribeInBackground(
    bus,
    {
      groupId: config.AUDIT_CONSUMER_GROUP,
      topics: [config.AUDIT_TOPIC],
      fromBeginning: true,
      handleBatch: (messages) => ingestor.handleBatch(messages),
    },
    { onAttemptFailed: (err, attempt) => logger.warn({ err, attempt }, 'the audit topic is unreachable; retrying') },
  );
  checkpointer.start();
  maintenance.start();
  const lag = lagMonitorFor(config, bus, logger, registry);
  lag?.start();

  return {
    url: http.url,
    internalToken,
    publicKeyPem: signingKey.publicKeyPem,
    async close() {
      await subscription.close();
      await lag?.stop();
      maintenance.stop();
      await checkpointer.stop();
      await http.close();
    },
  };
}

function signingKeyFor(config: ResolvedAuditConfig, logger: Logger): SigningKey {
  const key = loadSigningKey({ key: config.AUDIT_SIGNING_KEY, file: config.AUDIT_SIGNING_KEY_FILE });
  if (key.source === 'ephemeral') {
    logger.warn(
      { keyId: key.keyId },
      'AUDIT_SIGNING_KEY is not set: checkpoints are signed with an EPHEMERAL key that dies with this process; ' +
        'after a restart they no longer verify. Set AUDIT_SIGNING_KEY (or AUDIT_SIGNING_KEY_FILE) in any real deployment.',
    );
  } else if (key.source === 'generated-file') {
    logger.warn({ keyId: key.keyId, file: config.AUDIT_SIGNING_KEY_FILE }, 'generated a new checkpoint signing key');
  }
  return key;
}

function internalTokenFor(config: ResolvedAuditConfig, logger: Logger): string {
  if (config.AUDIT_INTERNAL_TOKEN) return config.AUDIT_INTERNAL_TOKEN;
  logger.warn(
    'AUDIT_INTERNAL_TOKEN is not set: the query API accepts only a random token generated for this process ' +
      '(handed to an in-process caller through RunningAudit.internalToken) and refuses every other request.',
  );
  return randomBytes(32).toString('base64url');
}

function lagMonitorFor(config: ResolvedAuditConfig, bus: EventBus, logger: Logger, registry: Registry) {
  if (bus instanceof InProcessEventBus) {
    registerInProcessConsumerLag(bus, { groupId: config.AUDIT_CONSUMER_GROUP, topic: config.AUDIT_TOPIC, registry });
    return undefined;
  }
  if (bus.kind !== 'kafka' || !config.KAFKA_BROKERS) return undefined;
  return new ConsumerLagMonitor({
    brokers: config.KAFKA_BROKERS,
    groupId: config.AUDIT_CONSUMER_GROUP,
    topic: config.AUDIT_TOPIC,
    intervalMs: config.AUDIT_LAG_INTERVAL_MS,
    logger,
    registry,
    security: bus instanceof KafkaEventBus ? bus.security : undefined,
  });
}

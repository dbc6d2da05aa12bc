import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { TOPICS } from '@causeway/contracts';
import { migrate } from '@causeway/database';
import type { EventBus, Subscription } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import { startHttpService } from '@causeway/platform';
import { AuditModule } from './app.module';
import type { AuditConfig } from './config';
import { AuditIngestor } from './events/audit-ingestor';

export interface AuditDeps {
  config: AuditConfig;
  logger: Logger;
  registry: Registry;
  dataSource: DataSource;
  bus: EventBus;
}

export interface RunningAudit {
  url: string;
  /** Stops consuming (committing what was stored), then drains HTTP. */
  close(): Promise<void>;
}

export async function startAudit(deps: AuditDeps): Promise<RunningAudit> {
  const { config, logger, registry, dataSource, bus } = deps;
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await migrate(dataSource);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const ingestor = new AuditIngestor({ dataSource, bus, logger, registry });
  const http = await startHttpService({
    name: 'audit',
    module: AuditModule.forRoot({ dataSource, bus, registry }),
    logger,
    registry,
    port: config.PORT,
  });
  const subscription: Subscription = await bus.subscribe({
    groupId: config.AUDIT_CONSUMER_GROUP,
    topics: [TOPICS.audit],
    fromBeginning: true,
    handleBatch: (messages) => ingestor.handleBatch(messages),
  });
  return {
    url: http.url,
    async close() {
      await subscription.close();
      await http.close();
    },
  };
}

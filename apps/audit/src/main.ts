import 'reflect-metadata';
import { redactConfig } from '@causeway/config';
import { KafkaEventBus, causewayTopics } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { onShutdownSignal } from '@causeway/platform';
import { startAudit } from './audit';
import { loadStandaloneConfig } from './config';
import { createAuditDataSource } from './database/data-source';

async function main() {
  const config = loadStandaloneConfig();
  const logger = createLogger('audit', config.LOG_LEVEL);
  logger.info({ config: redactConfig(config) }, 'starting');
  const registry = createServiceRegistry('audit');
  const dataSource = createAuditDataSource(config.DATABASE_URL);
  const bus = new KafkaEventBus({
    brokers: config.KAFKA_BROKERS,
    clientId: 'causeway-audit',
    logger,
    registry,
    topics: causewayTopics(),
  });
  const service = await startAudit({ config, logger, registry, dataSource, bus });
  onShutdownSignal(logger, async () => {
    await service.close();
    await bus.close();
    await dataSource.destroy();
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

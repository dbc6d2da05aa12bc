import 'reflect-metadata';
import { join } from 'node:path';
import { redactConfig } from '@causeway/config';
import { KafkaEventBus, causewayTopics, kafkaSecurityFromEnv } from '@causeway/messaging';
import { createLogger, createServiceRegistry, failStart, startTracing } from '@causeway/observability';
import { onShutdownSignal } from '@causeway/platform';
import { createSecretStore } from '@causeway/secrets';
import { loadStandaloneConfig } from './config';
import { startDataPlane } from './data-plane';
import { createDataPlaneDataSource } from './database/data-source';

async function main() {
  startTracing('causeway-data-plane');
  const config = loadStandaloneConfig();
  const logger = createLogger('data-plane', config.LOG_LEVEL);
  logger.info({ config: redactConfig(config) }, 'starting');
  const registry = createServiceRegistry('data-plane');
  const bus = new KafkaEventBus({
    security: kafkaSecurityFromEnv(),
    brokers: config.KAFKA_BROKERS,
    clientId: 'causeway-data-plane',
    logger,
    registry,
    topics: causewayTopics(1, { eventsRetentionMs: config.EVENTS_TOPIC_RETENTION_MS }),
  });
  const secretStore = await createSecretStore(process.env, { dataDir: join(config.CAUSEWAY_SECRETS_DIR), logger });
  const dataSource = createDataPlaneDataSource(config.DATABASE_URL);
  const service = await startDataPlane({ config, logger, registry, bus, apiKeyPepper: config.CAUSEWAY_API_KEY_PEPPER, secretStore, dataSource });
  onShutdownSignal(logger, async () => {
    await service.close();
    await bus.close();
    await secretStore.close();
    await dataSource.destroy();
  });
}

main().catch((error) => failStart('data-plane', error));

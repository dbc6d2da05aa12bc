import 'reflect-metadata';
import { redactConfig } from '@causeway/config';
import { KafkaEventBus, causewayTopics, kafkaSecurityFromEnv } from '@causeway/messaging';
import { createLogger, createServiceRegistry, failStart, startTracing } from '@causeway/observability';
import { createSecretStore } from '@causeway/secrets';
import { onShutdownSignal } from '@causeway/platform';
import { loadStandaloneConfig } from './config';
import { startControlPlane } from './control-plane';
import { createControlPlaneDataSource } from './database/data-source';

async function main() {
  startTracing('causeway-control-plane');
  const config = loadStandaloneConfig();
  const logger = createLogger('control-plane', config.LOG_LEVEL);
  logger.info({ config: redactConfig(config) }, 'starting');
  const registry = createServiceRegistry('control-plane');
  const dataSource = createControlPlaneDataSource(config.DATABASE_URL);
  const bus = new KafkaEventBus({
    security: kafkaSecurityFromEnv(),
    brokers: config.KAFKA_BROKERS,
    clientId: 'causeway-control-plane',
    logger,
    registry,
    topics: causewayTopics(),
  });
  const secrets = {
    jwtSecret: config.CAUSEWAY_JWT_SECRET,
    apiKeyPepper: config.CAUSEWAY_API_KEY_PEPPER,
    internalToken: config.CAUSEWAY_INTERNAL_TOKEN,
  };
  const secretStore = await createSecretStore(process.env, { dataDir: config.CAUSEWAY_SECRETS_DIR, logger });
  const service = await startControlPlane({ config, secrets, logger, registry, dataSource, bus, secretStore });
  onShutdownSignal(logger, async () => {
    await service.close();
    await bus.close();
    await secretStore.close();
    await dataSource.destroy();
  });
}

main().catch((error) => failStart('control-plane', error));

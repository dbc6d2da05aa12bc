import 'reflect-metadata';
import { redactConfig } from '@causeway/config';
import { KafkaEventBus, causewayTopics } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { onShutdownSignal } from '@causeway/platform';
import { loadStandaloneConfig } from './config';
import { startDataPlane } from './data-plane';

async function main() {
  const config = loadStandaloneConfig();
  const logger = createLogger('data-plane', config.LOG_LEVEL);
  logger.info({ config: redactConfig(config) }, 'starting');
  const registry = createServiceRegistry('data-plane');
  const bus = new KafkaEventBus({
    brokers: config.KAFKA_BROKERS,
    clientId: 'causeway-data-plane',
    logger,
    registry,
    topics: causewayTopics(),
  });
  const service = await startDataPlane({ config, logger, registry, bus, apiKeyPepper: config.CAUSEWAY_API_KEY_PEPPER });
  onShutdownSignal(logger, async () => {
    await service.close();
    await bus.close();
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

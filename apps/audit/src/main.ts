import 'reflect-metadata';
import { redactConfig } from '@causeway/config';
import { TOPICS } from '@causeway/contracts';
import { KafkaEventBus, causewayTopics, kafkaSecurityFromEnv } from '@causeway/messaging';
import { createLogger, createServiceRegistry, failStart, startTracing } from '@causeway/observability';
import { onShutdownSignal } from '@causeway/platform';
import { startAudit } from './audit';
import { loadStandaloneConfig } from './config';
import { createAuditDataSource } from './database/data-source';

async function main() {
  startTracing('causeway-audit');
  const config = loadStandaloneConfig();
  const logger = createLogger('audit', config.LOG_LEVEL);
  logger.info({ config: redactConfig(config) }, 'starting');
  const registry = createServiceRegistry('audit');
  const dataSource = createAuditDataSource(config.DATABASE_URL);
  const ownerDataSource = config.AUDIT_OWNER_DATABASE_URL ? createAuditDataSource(config.AUDIT_OWNER_DATABASE_URL, 1) : undefined;
  const bus = new KafkaEventBus({
    security: kafkaSecurityFromEnv(),
    brokers: config.KAFKA_BROKERS,
    clientId: 'causeway-audit',
    logger,
    registry,
    topics: topicsFor(config.AUDIT_TOPIC, config.AUDIT_DLQ_TOPIC),
  });
  const service = await startAudit({ config, logger, registry, dataSource, ownerDataSource, bus });
  onShutdownSignal(logger, async () => {
    await service.close();
    await bus.close();
    await Promise.allSettled([dataSource.destroy(), ownerDataSource?.destroy()]);
  });
}

/** The contract's topics, plus same-shaped ones when tests or benchmarks rename them. */
function topicsFor(auditTopic: string, deadLetterTopic: string) {
  const topics = causewayTopics();
  const like = (name: string, template: string) => ({ ...topics.find((t) => t.topic === template)!, topic: name });
  if (!topics.some((t) => t.topic === auditTopic)) topics.push(like(auditTopic, TOPICS.audit));
  if (!topics.some((t) => t.topic === deadLetterTopic)) topics.push(like(deadLetterTopic, TOPICS.auditDeadLetter));
  return topics;
}

main().catch((error) => failStart('audit', error));

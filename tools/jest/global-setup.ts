import { infraScript, isPortOpen, TEST_INFRA } from './infra';

/**
 * Integration and e2e tiers talk to real PostgreSQL, Kafka, Redis and OpenBao. Reuse them when they already
 * run (a developer's loop stays fast); otherwise install and start them, and remember what we
 * started so the teardown stops only that.
 */
export default async function globalSetup(): Promise<void> {
  const postgresUp = await isPortOpen(TEST_INFRA.postgres.host, TEST_INFRA.postgres.port);
  const kafkaUp = await isPortOpen(TEST_INFRA.kafka.host, TEST_INFRA.kafka.port);
  const redisUp = await isPortOpen(TEST_INFRA.redis.host, TEST_INFRA.redis.port);
  const vaultUp = await isPortOpen(TEST_INFRA.vault.host, TEST_INFRA.vault.port);
  if (!postgresUp || !kafkaUp || !redisUp || !vaultUp) infraScript('up.sh');

  const started = [!postgresUp && 'postgres', !kafkaUp && 'kafka', !redisUp && 'redis', !vaultUp && 'openbao'].filter(Boolean).join(',');
  process.env.CAUSEWAY_TEST_INFRA_STARTED = [process.env.CAUSEWAY_TEST_INFRA_STARTED, started].filter(Boolean).join(',');
  process.env.TEST_DATABASE_URL = TEST_INFRA.databaseUrl;
  process.env.TEST_KAFKA_BROKERS = TEST_INFRA.kafkaBrokers;
  process.env.TEST_REDIS_URL = TEST_INFRA.redisUrl;
  process.env.TEST_VAULT_ADDR = TEST_INFRA.vaultAddr;
  process.env.TEST_VAULT_TOKEN = TEST_INFRA.vaultToken;
  process.env.TEST_OPENBAO_BIN = TEST_INFRA.openBaoBin;
}

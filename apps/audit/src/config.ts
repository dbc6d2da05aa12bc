import { z } from 'zod';
import { kafkaBrokers, loadConfig, logLevel, port, postgresUrl } from '@causeway/config';

export const auditConfigSchema = z.object({
  PORT: port(4200),
  LOG_LEVEL: logLevel,
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: kafkaBrokers,
  AUDIT_CONSUMER_GROUP: z.string().min(1).default('causeway-audit'),
});

export type AuditConfig = z.infer<typeof auditConfigSchema>;

const standaloneSchema = auditConfigSchema.extend({
  DATABASE_URL: postgresUrl.unwrap(),
  KAFKA_BROKERS: kafkaBrokers.unwrap(),
});

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('audit', standaloneSchema, env);
}

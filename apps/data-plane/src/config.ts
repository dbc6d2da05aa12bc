import { z } from 'zod';
import { kafkaBrokers, loadConfig, logLevel, port } from '@causeway/config';

export const dataPlaneConfigSchema = z.object({
  PORT: port(4100),
  LOG_LEVEL: logLevel,
  KAFKA_BROKERS: kafkaBrokers,
  /** Identifies this replica; each replica reads the whole config stream. */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default(() => `${process.pid}`),
});

export type DataPlaneConfig = z.infer<typeof dataPlaneConfigSchema>;

const standaloneSchema = dataPlaneConfigSchema.extend({ KAFKA_BROKERS: kafkaBrokers.unwrap() });

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('data-plane', standaloneSchema, env);
}

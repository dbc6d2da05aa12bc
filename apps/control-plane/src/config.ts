import { z } from 'zod';
import { kafkaBrokers, loadConfig, logLevel, port, positiveMs, postgresUrl } from '@causeway/config';

export const controlPlaneConfigSchema = z.object({
  PORT: port(4000),
  LOG_LEVEL: logLevel,
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: kafkaBrokers,
  OUTBOX_POLL_INTERVAL_MS: positiveMs(250),
});

export type ControlPlaneConfig = z.infer<typeof controlPlaneConfigSchema>;

/** Run on its own, the control plane needs its real dependencies; the embedded entry point supplies twins. */
const standaloneSchema = controlPlaneConfigSchema.extend({
  DATABASE_URL: postgresUrl.unwrap(),
  KAFKA_BROKERS: kafkaBrokers.unwrap(),
});

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('control-plane', standaloneSchema, env);
}

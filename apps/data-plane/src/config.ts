import { z } from 'zod';
import { kafkaBrokers, loadConfig, logLevel, port } from '@causeway/config';

const secret = (name: string) => z.string().min(32, `${name} must be at least 32 characters`);

export const dataPlaneConfigSchema = z.object({
  PORT: port(4100),
  LOG_LEVEL: logLevel,
  KAFKA_BROKERS: kafkaBrokers,
  /** Identifies this replica; each replica reads the whole config stream. */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).default(() => `${process.pid}`),
  /** Same value as the control plane's: API key hashes are keyed with it. */
  CAUSEWAY_API_KEY_PEPPER: secret('CAUSEWAY_API_KEY_PEPPER').optional(),
  /** Where to fetch the start-up config snapshot; without it the replica builds its view from the stream alone. */
  CONTROL_PLANE_URL: z.url().optional(),
  CAUSEWAY_INTERNAL_TOKEN: secret('CAUSEWAY_INTERNAL_TOKEN').optional(),
});

export type DataPlaneConfig = z.infer<typeof dataPlaneConfigSchema>;

const standaloneSchema = dataPlaneConfigSchema
  .extend({ KAFKA_BROKERS: kafkaBrokers.unwrap(), CAUSEWAY_API_KEY_PEPPER: secret('CAUSEWAY_API_KEY_PEPPER') })
  .refine((c) => !c.CONTROL_PLANE_URL || c.CAUSEWAY_INTERNAL_TOKEN, {
    path: ['CAUSEWAY_INTERNAL_TOKEN'],
    message: 'required when CONTROL_PLANE_URL is set',
  });

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('data-plane', standaloneSchema, env);
}

import { z } from 'zod';
import { bindHost, callQuotaShape, kafkaBrokers, loadConfig, logLevel, port, postgresUrl } from '@causeway/config';
import { egressEnvShape } from '@causeway/egress';

const secret = (name: string) => z.string().min(32, `${name} must be at least 32 characters`);

export const dataPlaneConfigSchema = z.object({
  PORT: port(4100),
  HOST: bindHost,
  LOG_LEVEL: logLevel,
  KAFKA_BROKERS: kafkaBrokers,
  /** The data plane's own schema (idempotency, refresh locks); never read on the config path. */
  DATABASE_URL: postgresUrl,
  /** How long a cached credential is trusted without re-reading the secret store (a still-valid one outlives store outages). */
  CREDENTIAL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Refresh OAuth tokens this long before they expire. */
  TOKEN_REFRESH_MARGIN_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Where audit events wait, durably, while Kafka is unreachable. */
  AUDIT_SPOOL_DIR: z.string().min(1).default('.data/audit-spool'),
  /**
   * Fsync the audit spool in the background at this interval (ms) instead of before answering
   * each call; 0 fsyncs before every answer. See decision 0007.
   */
  AUDIT_SPOOL_SYNC_INTERVAL_MS: z.coerce.number().int().min(0).max(1000).default(10),
  /**
   * How long the audit spool's active segment fills before it is sealed and forwarded to the
   * bus (ms). Durability does not depend on it (each event is written before the call is
   * answered); each seal costs a segment file and, downstream, one audit-store transaction, so
   * at a sparse steady load this fixed cost per seal, not the calls, dominates the CPU.
   */
  AUDIT_SPOOL_SEAL_MS: z.coerce.number().int().min(1).max(10_000).default(250),
  /** The local encrypted secret store's directory, used when VAULT_ADDR is not set. */
  CAUSEWAY_SECRETS_DIR: z.string().min(1).default('.data/secrets'),
  /** Shared limits and upstream holds across replicas; without it each replica limits alone. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// URL' }).optional(),
  /** PEM file of the CA that signed a `rediss://` server's certificate, when it is not a public one. */
  REDIS_TLS_CA_FILE: z.string().min(1).optional(),
  ...callQuotaShape,
  /** How many replicas share the limits; each takes 1/N of them while Redis is unreachable. */
  DATA_PLANE_REPLICAS: z.coerce.number().int().min(1).default(1),
  /** How long an open circuit breaker fails fast before it lets one probe through. */
  BREAKER_HALF_OPEN_AFTER_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Delivery attempts per approval webhook or callback, and the base of their exponential backoff (full jitter). */
  APPROVAL_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  APPROVAL_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  ...egressEnvShape,
  /** Identifies this replica; each replica reads the whole config stream. */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .default(() => `${process.pid}`),
  /** Same value as the control plane's: API key hashes are keyed with it. */
  CAUSEWAY_API_KEY_PEPPER: secret('CAUSEWAY_API_KEY_PEPPER').optional(),
  /** Where to fetch the start-up config snapshot; without it the replica builds its view from the stream alone. */
  CONTROL_PLANE_URL: z.url().optional(),
  CAUSEWAY_INTERNAL_TOKEN: secret('CAUSEWAY_INTERNAL_TOKEN').optional(),
  /**
   * How often to ask the control plane for config changes beside the stream (decision 0010),
   * so revocations hold within about this long while Kafka is down; 0 turns it off.
   */
  CONFIG_POLL_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** Pause between rounds of the polling triggers (docs/events.md); 0 turns polling off. */
  EVENTS_POLL_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** How long stored events (and their delivery rows) are kept, per tenant unless overridden (docs/events.md, Retention). */
  EVENTS_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(3_600_000)
    .max(365 * 24 * 3_600_000)
    .default(7 * 24 * 3_600_000),
  /** No event is pruned younger than this: the longest a vendor redelivers (Stripe: 3 days), so a late duplicate is still refused. */
  EVENTS_DEDUP_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(3_600_000)
    .max(365 * 24 * 3_600_000)
    .default(3 * 24 * 3_600_000),
  /** Pause between pruning passes; 0 turns pruning off. */
  EVENTS_PRUNE_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /** `retention.ms` of `causeway.events.v1` when the data plane creates it: the replay horizon on Kafka. */
  EVENTS_TOPIC_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(3_600_000)
    .max(365 * 24 * 3_600_000)
    .default(7 * 24 * 3_600_000),
});

export type DataPlaneConfig = z.infer<typeof dataPlaneConfigSchema>;

const standaloneSchema = dataPlaneConfigSchema
  .extend({ KAFKA_BROKERS: kafkaBrokers.unwrap(), DATABASE_URL: postgresUrl.unwrap(), CAUSEWAY_API_KEY_PEPPER: secret('CAUSEWAY_API_KEY_PEPPER') })
  .refine((c) => !c.CONTROL_PLANE_URL || c.CAUSEWAY_INTERNAL_TOKEN, {
    path: ['CAUSEWAY_INTERNAL_TOKEN'],
    message: 'required when CONTROL_PLANE_URL is set',
  });

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('data-plane', standaloneSchema, env);
}

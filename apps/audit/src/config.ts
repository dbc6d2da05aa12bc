import { z } from 'zod';
import { bindHost, kafkaBrokers, loadConfig, logLevel, port, positiveMs, postgresUrl } from '@causeway/config';
import { TOPICS } from '@causeway/contracts';
import { parseSigningKey } from './checkpoints/signing-key';

const signingKey = z
  .string()
  .optional()
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    try {
      parseSigningKey(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const auditConfigSchema = z.object({
  PORT: port(4200),
  HOST: bindHost,
  LOG_LEVEL: logLevel,
  /** What the service reads and writes with; in production a member of `causeway_audit_writer`. */
  DATABASE_URL: postgresUrl,
  /** Owner of the `audit` schema, for migrations, partitions and retention; defaults to DATABASE_URL. */
  AUDIT_OWNER_DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: kafkaBrokers,
  AUDIT_CONSUMER_GROUP: z.string().min(1).default('causeway-audit'),
  /** Tests and benchmarks use their own topics; production keeps the contract's. */
  AUDIT_TOPIC: z.string().min(1).default(TOPICS.audit),
  AUDIT_DLQ_TOPIC: z.string().min(1).default(TOPICS.auditDeadLetter),
  /** Shared bearer token of the control plane. Unset: a random one nobody outside the process knows. */
  AUDIT_INTERNAL_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Ed25519 private key (PKCS#8 PEM or base64 DER) that signs checkpoints. */
  AUDIT_SIGNING_KEY: signingKey,
  /** Where to read the signing key from, or generate it into (mode 0600) when missing. */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_INTERVAL_MS: positiveMs(60_000),
  /** Monthly partitions kept ready beyond the current month. */
  AUDIT_PARTITIONS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  /** Whole months kept; older partitions are dropped. Unset: kept for ever. */
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).optional(),
  AUDIT_MAINTENANCE_INTERVAL_MS: positiveMs(6 * 60 * 60 * 1000),
  AUDIT_LAG_INTERVAL_MS: positiveMs(10_000),
});

export type ResolvedAuditConfig = z.infer<typeof auditConfigSchema>;

type Required_ = 'PORT' | 'LOG_LEVEL' | 'AUDIT_CONSUMER_GROUP';

/**
 * What `startAudit` takes: the three settings every caller has, the rest optional with the
 * schema's defaults, so the embedded default can grow into the new settings one at a time.
 */
export type AuditConfig = Pick<ResolvedAuditConfig, Required_> & Partial<Omit<ResolvedAuditConfig, Required_>>;

export function resolveAuditConfig(config: AuditConfig): ResolvedAuditConfig {
  const defaults = auditConfigSchema.parse({});
  const given = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...defaults, ...given } as ResolvedAuditConfig;
}

const standaloneSchema = auditConfigSchema.extend({
  DATABASE_URL: postgresUrl.unwrap(),
  KAFKA_BROKERS: kafkaBrokers.unwrap(),
});

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('audit', standaloneSchema, env);
}

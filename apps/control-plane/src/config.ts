import { z } from 'zod';
import { bindHost, kafkaBrokers, loadConfig, logLevel, port, positiveMs, postgresUrl } from '@causeway/config';
import { egressEnvShape } from '@causeway/egress';
import { isCidr } from './auth/client-address';

const secret = (name: string) => z.string().min(32, `${name} must be at least 32 characters`);

export const controlPlaneConfigSchema = z.object({
  PORT: port(4000),
  HOST: bindHost,
  LOG_LEVEL: logLevel,
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: kafkaBrokers,
  OUTBOX_POLL_INTERVAL_MS: positiveMs(5000),
  /** Signs console access tokens (HS256). */
  CAUSEWAY_JWT_SECRET: secret('CAUSEWAY_JWT_SECRET').optional(),
  /** Pepper of API key hashes; the data plane needs the same value. */
  CAUSEWAY_API_KEY_PEPPER: secret('CAUSEWAY_API_KEY_PEPPER').optional(),
  /** Bearer token other Causeway services present (config snapshot). */
  CAUSEWAY_INTERNAL_TOKEN: secret('CAUSEWAY_INTERNAL_TOKEN').optional(),
  /** The audit service's internal API, for auditEvents and verifyAuditTrail. */
  AUDIT_URL: z.url().optional(),
  AUDIT_INTERNAL_TOKEN: secret('AUDIT_INTERNAL_TOKEN').optional(),
  /** The data plane's internal API, for approvals and key usage. */
  DATA_PLANE_URL: z.url().optional(),
  /** What the control plane presents to the data plane; defaults to CAUSEWAY_INTERNAL_TOKEN (the data plane checks its own copy of that). */
  DATA_PLANE_INTERNAL_TOKEN: secret('DATA_PLANE_INTERNAL_TOKEN').optional(),
  CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: z.string().optional(),
  CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
  /** The local encrypted secret store's directory, used when VAULT_ADDR is not set (single replica only). */
  CAUSEWAY_SECRETS_DIR: z.string().min(1).default('.data/secrets'),
  /** Base URL browsers and providers reach the control plane at (OAuth redirect URIs). */
  CAUSEWAY_PUBLIC_URL: z.url().optional(),
  /** Base URL providers reach the data plane's inbound webhooks at (`{base}/v1/webhooks/{tenant}/{connection}`); unset: no webhook is registered. */
  PUBLIC_WEBHOOK_BASE_URL: z.url().optional(),
  /** Where invitation and password-reset links are POSTed (a mailer's webhook); unset: shown once to whoever issued them. */
  ACCOUNT_NOTIFIER_WEBHOOK_URL: z.url().optional(),
  /** Lets admins aim connections and OAuth apps at other hosts (simulators). Never in production. */
  CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** `memory` only for a single process on PGlite (the embedded default). */
  SIGN_IN_THROTTLE_STORE: z.enum(['postgres', 'memory']).default('postgres'),
  /** `production` closes schema introspection to callers without a valid token (the embedded default leaves it open). */
  CAUSEWAY_MODE: z.enum(['development', 'production']).optional(),
  /** Reverse proxies (comma-separated CIDRs) whose X-Forwarded-For names the client for sign-in throttling; empty: the TCP peer is the client. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isCidr), 'TRUSTED_PROXIES: each entry must be an IP address or CIDR, e.g. 10.0.0.0/8'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 86_400)
    .default(30 * 86_400),
  // Outbound calls to providers (code exchange, revocation, testConnection) go through the egress guard.
  ...egressEnvShape,
});

export type ControlPlaneConfig = z.infer<typeof controlPlaneConfigSchema>;

/** Run on its own, the control plane needs its real dependencies and secrets; the embedded entry point supplies twins. */
const standaloneSchema = controlPlaneConfigSchema.extend({
  DATABASE_URL: postgresUrl.unwrap(),
  KAFKA_BROKERS: kafkaBrokers.unwrap(),
  CAUSEWAY_JWT_SECRET: secret('CAUSEWAY_JWT_SECRET'),
  CAUSEWAY_API_KEY_PEPPER: secret('CAUSEWAY_API_KEY_PEPPER'),
  CAUSEWAY_INTERNAL_TOKEN: secret('CAUSEWAY_INTERNAL_TOKEN'),
});

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig('control-plane', standaloneSchema, env);
}

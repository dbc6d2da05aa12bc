import { z } from 'zod';

/** Reusable field schemas so every app reads the shared variables the same way. */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/**
 * The address a service listens on. Loopback unless told otherwise: a process started on a
 * laptop is reachable from that laptop only. Containers set `HOST=0.0.0.0` (the Dockerfile
 * and the Helm chart do), where the pod network and its NetworkPolicy decide who reaches it.
 */
export const bindHost = z.string().trim().min(1).default('127.0.0.1');

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info');

export const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' }).optional();

/** `host:port[,host:port...]`, as kafkajs takes it. */
export const kafkaBrokers = z
  .string()
  .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'expected host:port[,host:port...]')
  .transform((value) => value.split(','))
  .optional();

export const positiveMs = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const flag = z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }).transform((value) => value === 'true' || value === '1');

/**
 * How every service reaches a managed Kafka: TLS (`KAFKA_SSL=true`, a private CA with
 * `KAFKA_SSL_CA_FILE`, client certificates with `KAFKA_SSL_CERT_FILE` + `KAFKA_SSL_KEY_FILE`)
 * and SASL (`KAFKA_SASL_MECHANISM`: plain, scram-sha-256, scram-sha-512 with
 * `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD_FILE` or `KAFKA_SASL_PASSWORD`; oauthbearer
 * with `KAFKA_SASL_OAUTHBEARER_TOKEN_FILE`, re-read at every authentication). Files, not
 * values, so Kubernetes Secrets mount them and rotate them in place.
 */
export const kafkaSecuritySchema = z
  .object({
    KAFKA_SSL: flag.optional(),
    KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
    KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
    KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
    KAFKA_SASL_MECHANISM: z
      .enum(['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'], {
        error: 'expected plain, scram-sha-256, scram-sha-512 or oauthbearer',
      })
      .optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    const tls = c.KAFKA_SSL ?? Boolean(c.KAFKA_SSL_CA_FILE || c.KAFKA_SSL_CERT_FILE);
    if (c.KAFKA_SSL === false && (c.KAFKA_SSL_CA_FILE || c.KAFKA_SSL_CERT_FILE)) problem('KAFKA_SSL', 'is false, but TLS files are set');
    if (Boolean(c.KAFKA_SSL_CERT_FILE) !== Boolean(c.KAFKA_SSL_KEY_FILE))
      problem(c.KAFKA_SSL_CERT_FILE ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE', 'client certificate and key go together');
    const mechanism = c.KAFKA_SASL_MECHANISM;
    if (!mechanism) {
      for (const v of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD_FILE', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_OAUTHBEARER_TOKEN_FILE'] as const)
        if (c[v]) problem(v, 'is set, but KAFKA_SASL_MECHANISM is not');
      return;
    }
    if (mechanism === 'oauthbearer') {
      if (!c.KAFKA_SASL_OAUTHBEARER_TOKEN_FILE) problem('KAFKA_SASL_OAUTHBEARER_TOKEN_FILE', 'required for oauthbearer');
    } else {
      if (!c.KAFKA_SASL_USERNAME) problem('KAFKA_SASL_USERNAME', `required for ${mechanism}`);
      if (!c.KAFKA_SASL_PASSWORD_FILE === !c.KAFKA_SASL_PASSWORD)
        problem('KAFKA_SASL_PASSWORD_FILE', `set exactly one of KAFKA_SASL_PASSWORD_FILE and KAFKA_SASL_PASSWORD for ${mechanism}`);
    }
    // PLAIN and OAUTHBEARER send the secret itself: never over a cleartext connection.
    if (!tls && (mechanism === 'plain' || mechanism === 'oauthbearer')) problem('KAFKA_SSL', `${mechanism} sends the credential as is: set KAFKA_SSL=true`);
  });

export type KafkaSecurityConfig = z.infer<typeof kafkaSecuritySchema>;

/**
 * The data plane's call quotas, read the same way by the data plane and the embedded default
 * (which composes one): calls per minute per tenant and per key, concurrent calls per key and replica.
 */
export const callQuotaShape = {
  TENANT_CALLS_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  KEY_CALLS_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  KEY_CONCURRENT_CALLS: z.coerce.number().int().min(1).max(10_000).default(32),
};

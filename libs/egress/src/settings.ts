import { z } from 'zod';
import { loadConfig } from '@causeway/config';
import { AllowList, AllowListError } from './allow-list';

/**
 * When plain http is acceptable. `allowed_private`: only to destinations the operator
 * allow-list admits (simulators on loopback, an internal Jira). `always` exists for test rigs.
 */
export type PlainHttpRule = 'never' | 'allowed_private' | 'always';

/** The operator's egress settings: one per process, the same for every tenant and call. */
export interface EgressSettings {
  allowPrivate: AllowList;
  plainHttp: PlainHttpRule;
  maxRedirects: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** DNS resolution plus TCP and TLS set-up of one connection. */
  connectTimeoutMs: number;
  /** From the request being sent to the response headers. */
  headersTimeoutMs: number;
  /** Longest silence while the response body streams in. */
  bodyTimeoutMs: number;
  /** The whole exchange, every redirect hop and the body included. */
  deadlineMs: number;
}

const MiB = 1024 * 1024;

export const defaultEgressSettings: Readonly<EgressSettings> = Object.freeze({
  allowPrivate: AllowList.none,
  plainHttp: 'allowed_private',
  maxRedirects: 5,
  maxRequestBytes: 10 * MiB,
  maxResponseBytes: 10 * MiB,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  deadlineMs: 60_000,
});

/** What the embedded default passes: the bundled simulators listen on loopback. */
export const LOOPBACK_ALLOW_LIST = '127.0.0.1/32,::1/128';

const allowList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    try {
      return AllowList.parse(value);
    } catch (error) {
      if (!(error instanceof AllowListError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: value });
      return z.NEVER;
    }
  });

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The egress variables, ready to be spread into an app's own config schema
 * (`z.object({ ...appShape, ...egressEnvShape })`) so one start-up check names every bad variable.
 */
export const egressEnvShape = {
  /** Non-public destinations that may be reached: CIDRs, addresses, hosts, optionally with :port. */
  EGRESS_ALLOW_PRIVATE: allowList,
  EGRESS_PLAIN_HTTP: z.enum(['never', 'allowed_private', 'always']).default(defaultEgressSettings.plainHttp),
  EGRESS_MAX_REDIRECTS: int(defaultEgressSettings.maxRedirects, 0, 20),
  EGRESS_MAX_REQUEST_BYTES: int(defaultEgressSettings.maxRequestBytes, 0, 1024 * MiB),
  EGRESS_MAX_RESPONSE_BYTES: int(defaultEgressSettings.maxResponseBytes, 1, 1024 * MiB),
  EGRESS_CONNECT_TIMEOUT_MS: int(defaultEgressSettings.connectTimeoutMs, 1, 600_000),
  EGRESS_HEADERS_TIMEOUT_MS: int(defaultEgressSettings.headersTimeoutMs, 1, 600_000),
  EGRESS_BODY_TIMEOUT_MS: int(defaultEgressSettings.bodyTimeoutMs, 1, 600_000),
  EGRESS_DEADLINE_MS: int(defaultEgressSettings.deadlineMs, 1, 3_600_000),
};

export const egressEnvSchema = z.object(egressEnvShape);

export type EgressEnv = z.infer<typeof egressEnvSchema>;

/** Turns parsed variables (from `egressEnvSchema` or an app schema that spreads `egressEnvShape`) into settings. */
export function egressSettingsFromEnv(env: EgressEnv): EgressSettings {
  return {
    allowPrivate: env.EGRESS_ALLOW_PRIVATE,
    plainHttp: env.EGRESS_PLAIN_HTTP,
    maxRedirects: env.EGRESS_MAX_REDIRECTS,
    maxRequestBytes: env.EGRESS_MAX_REQUEST_BYTES,
    maxResponseBytes: env.EGRESS_MAX_RESPONSE_BYTES,
    connectTimeoutMs: env.EGRESS_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: env.EGRESS_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: env.EGRESS_BODY_TIMEOUT_MS,
    deadlineMs: env.EGRESS_DEADLINE_MS,
  };
}

/**
 * Reads the egress variables on their own; a bad value throws `ConfigError` naming it, e.g.
 * `EGRESS_ALLOW_PRIVATE: entry "10.0.0.0/33": prefix length must be between 0 and 32`.
 */
export function loadEgressSettings(env: NodeJS.ProcessEnv = process.env, service = 'egress'): EgressSettings {
  return egressSettingsFromEnv(loadConfig(service, egressEnvSchema, env));
}

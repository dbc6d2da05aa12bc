import { z } from 'zod';
import { loadConfig } from '@causeway/config';

export const DEFAULT_K8S_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export type VaultAuthConfig =
  | { method: 'token'; token: string }
  | { method: 'approle'; roleId: string; secretId: string; mount: string }
  | { method: 'kubernetes'; role: string; jwtPath: string; mount: string };

export interface VaultConfig {
  /** Origin (and optional base path) of the server, without a trailing slash. */
  address: string;
  /** Mount of the KV v2 engine. */
  kvMount: string;
  /** Vault Enterprise / OpenBao namespace, sent as `X-Vault-Namespace`. */
  namespace?: string;
  /** PEM file of the CA that signed the server certificate, when it is not a public one. */
  caCertPath?: string;
  auth: VaultAuthConfig;
}

const mount = (fallback: string) =>
  z
    .string()
    .trim()
    .transform((value) => value.replace(/^\/+|\/+$/g, ''))
    .pipe(z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'expected a mount path such as "secret" or "kv/causeway"'))
    .default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * The Vault variables. Exactly one way to authenticate must be configured; messages name the
 * variables at fault and never repeat their values (zod's own messages are replaced where they
 * could quote input).
 */
export const vaultEnvSchema = z
  .object({
    VAULT_ADDR: z
      .string({ error: 'is required' })
      .trim()
      .pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL such as https://vault.internal:8200' })),
    VAULT_TOKEN: optionalText,
    VAULT_ROLE_ID: optionalText,
    VAULT_SECRET_ID: optionalText,
    VAULT_APPROLE_MOUNT: mount('approle'),
    VAULT_K8S_ROLE: optionalText,
    VAULT_K8S_TOKEN_PATH: z.string().trim().min(1).default(DEFAULT_K8S_TOKEN_PATH),
    VAULT_K8S_MOUNT: mount('kubernetes'),
    VAULT_KV_MOUNT: mount('secret'),
    VAULT_NAMESPACE: optionalText,
    VAULT_CACERT: optionalText,
  })
  .superRefine((env, ctx) => {
    const chosen = [
      env.VAULT_TOKEN && 'VAULT_TOKEN',
      (env.VAULT_ROLE_ID || env.VAULT_SECRET_ID) && 'VAULT_ROLE_ID/VAULT_SECRET_ID',
      env.VAULT_K8S_ROLE && 'VAULT_K8S_ROLE',
    ].filter(Boolean);
    if (chosen.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAULT_TOKEN'],
        message:
          'VAULT_ADDR is set but no way to authenticate is: set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole), or VAULT_K8S_ROLE (Kubernetes)',
      });
    } else if (chosen.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAULT_TOKEN'],
        message: `choose one way to authenticate, not ${chosen.join(' and ')}`,
      });
    }
    if (env.VAULT_ROLE_ID && !env.VAULT_SECRET_ID) {
      ctx.addIssue({ code: 'custom', path: ['VAULT_SECRET_ID'], message: 'is required with VAULT_ROLE_ID' });
    }
    if (env.VAULT_SECRET_ID && !env.VAULT_ROLE_ID) {
      ctx.addIssue({ code: 'custom', path: ['VAULT_ROLE_ID'], message: 'is required with VAULT_SECRET_ID' });
    }
  })
  .transform((env): VaultConfig => {
    const auth: VaultAuthConfig = env.VAULT_TOKEN
      ? { method: 'token', token: env.VAULT_TOKEN }
      : env.VAULT_ROLE_ID
        ? {
            method: 'approle',
            roleId: env.VAULT_ROLE_ID,
            secretId: env.VAULT_SECRET_ID!,
            mount: env.VAULT_APPROLE_MOUNT,
          }
        : {
            method: 'kubernetes',
            role: env.VAULT_K8S_ROLE!,
            jwtPath: env.VAULT_K8S_TOKEN_PATH,
            mount: env.VAULT_K8S_MOUNT,
          };
    return {
      address: env.VAULT_ADDR.replace(/\/+$/, ''),
      kvMount: env.VAULT_KV_MOUNT,
      ...(env.VAULT_NAMESPACE ? { namespace: env.VAULT_NAMESPACE } : {}),
      ...(env.VAULT_CACERT ? { caCertPath: env.VAULT_CACERT } : {}),
      auth,
    };
  });

/** Parses the Vault variables; throws `ConfigError` naming every variable at fault. */
export function loadVaultConfig(env: NodeJS.ProcessEnv): VaultConfig {
  return loadConfig('secrets', vaultEnvSchema, env);
}

/** What may be logged about the configuration: never a token, secret id or JWT. */
export function describeVaultConfig(config: VaultConfig): Record<string, string> {
  return {
    address: config.address,
    kvMount: config.kvMount,
    auth: config.auth.method,
    ...(config.auth.method === 'approle' ? { authMount: config.auth.mount } : {}),
    ...(config.auth.method === 'kubernetes' ? { authMount: config.auth.mount, role: config.auth.role, jwtPath: config.auth.jwtPath } : {}),
    ...(config.namespace ? { namespace: config.namespace } : {}),
  };
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SecretStoreAccessDeniedError, SecretStoreResponseError, SecretStoreUnavailableError } from '../errors';
import type { VaultAuthConfig } from './vault-config';
import { VaultTransportError, type VaultHttp, type VaultResponse } from './vault-http';

/** A token and what Vault said about its life. `ttlSeconds` 0 means it never expires (root tokens). */
export interface TokenGrant {
  token: string;
  ttlSeconds: number;
  renewable: boolean;
  /** The TTL to ask for on renewal; a looked-up token's remaining TTL may already be short. */
  renewIncrementSeconds: number;
}

/** How this process gets a Vault token. `canLogin` is false for a static token: nothing can replace it. */
export interface VaultAuthenticator {
  readonly method: VaultAuthConfig['method'];
  readonly canLogin: boolean;
  acquire(http: VaultHttp): Promise<TokenGrant>;
}

const loginSchema = z.object({
  auth: z.object({ client_token: z.string().min(1), lease_duration: z.number().int().min(0), renewable: z.boolean() }),
});

const lookupSchema = z.object({
  data: z.object({
    ttl: z.number().int().min(0),
    creation_ttl: z.number().int().min(0).nullish(),
    renewable: z.boolean().nullish(),
  }),
});

export function createAuthenticator(config: VaultAuthConfig): VaultAuthenticator {
  switch (config.method) {
    case 'token':
      return {
        method: 'token',
        canLogin: false,
        // Nothing to log in with; looking the token up validates it and learns its TTL.
        acquire: async (http) => {
          const response = await call(http, 'token lookup', () => http.send('GET', 'auth/token/lookup-self', { token: config.token }));
          if (response.status === 403 || response.status === 401) {
            throw new SecretStoreAccessDeniedError('Vault refused VAULT_TOKEN (expired, revoked or never valid)');
          }
          const { data } = parse(lookupSchema, response, 'token lookup');
          return {
            token: config.token,
            ttlSeconds: data.ttl,
            renewable: data.renewable ?? false,
            renewIncrementSeconds: data.creation_ttl || data.ttl,
          };
        },
      };
    case 'approle':
      return {
        method: 'approle',
        canLogin: true,
        acquire: (http) =>
          login(
            http,
            `auth/${config.mount}/login`,
            { role_id: config.roleId, secret_id: config.secretId },
            'AppRole login (check VAULT_ROLE_ID and VAULT_SECRET_ID)',
          ),
      };
    case 'kubernetes':
      return {
        method: 'kubernetes',
        canLogin: true,
        acquire: async (http) => {
          // Read on every login: projected service-account tokens are rotated by the kubelet.
          const jwt = await readJwt(config.jwtPath);
          return login(http, `auth/${config.mount}/login`, { role: config.role, jwt }, `Kubernetes login as role ${JSON.stringify(config.role)}`);
        },
      };
  }
}

async function login(http: VaultHttp, apiPath: string, body: object, what: string): Promise<TokenGrant> {
  const response = await call(http, what, () => http.send('POST', apiPath, { body }));
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new SecretStoreAccessDeniedError(`${what} was refused by Vault (${response.status}${vaultErrors(response)})`);
  }
  const { auth } = parse(loginSchema, response, what);
  return {
    token: auth.client_token,
    ttlSeconds: auth.lease_duration,
    renewable: auth.renewable,
    renewIncrementSeconds: auth.lease_duration,
  };
}

async function readJwt(path: string): Promise<string> {
  try {
    const jwt = (await readFile(path, 'utf8')).trim();
    if (!jwt) throw new SecretStoreAccessDeniedError(`the service-account token file ${path} is empty`);
    return jwt;
  } catch (error) {
    if (error instanceof SecretStoreAccessDeniedError) throw error;
    throw new SecretStoreAccessDeniedError(
      `cannot read the service-account token file ${path} (VAULT_K8S_TOKEN_PATH): ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

/** Runs one auth call; a lost connection or a 5xx is "unavailable", which callers may retry. */
async function call(http: VaultHttp, what: string, send: () => Promise<VaultResponse>): Promise<VaultResponse> {
  let response: VaultResponse;
  try {
    response = await send();
  } catch (error) {
    if (error instanceof VaultTransportError) throw new SecretStoreUnavailableError(`${what}: ${error.message}`, { cause: error });
    throw error;
  }
  if (response.status === 429 || response.status >= 500) {
    throw new SecretStoreUnavailableError(`${what}: Vault answered ${response.status}${vaultErrors(response)}`);
  }
  return response;
}

function parse<T>(schema: z.ZodType<T>, response: VaultResponse, what: string): T {
  if (response.status !== 200) {
    throw new SecretStoreResponseError(`${what}: unexpected status ${response.status}${vaultErrors(response)}`, response.status);
  }
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) throw new SecretStoreResponseError(`${what}: unexpected response shape`, response.status);
  return parsed.data;
}

/**
 * Vault's own error strings, for diagnosis. They describe the request, not its payload, so they
 * carry no secret; capped anyway.
 */
export function vaultErrors(response: VaultResponse): string {
  const errors = (response.body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return '';
  const text = errors.filter((e): e is string => typeof e === 'string').join('; ');
  return text ? `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}` : '';
}

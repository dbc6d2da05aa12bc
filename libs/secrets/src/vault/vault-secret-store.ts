import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '@causeway/config';
import { SecretStoreResponseError, SecretStoreUnavailableError, SecretVersionConflictError } from '../errors';
import { assertCas, assertSecretData } from '../secret-data';
import { assertSecretPath, normalizeListPrefix } from '../secret-path';
import { silentLogger, type SecretData, type SecretStore, type SecretStoreLogger, type VersionedSecret, type WriteOptions } from '../secret-store';
import { assertKvCapabilities, assertKvV2Mount } from './kv-mount';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { VaultTokenManager, type TokenManagerOptions } from './token-manager';
import { createAuthenticator, vaultErrors } from './vault-auth';
import { VaultClient } from './vault-client';
import { describeVaultConfig, type VaultConfig } from './vault-config';
import { VaultHttp, type VaultResponse } from './vault-http';

export interface VaultSecretStoreOptions {
  logger?: SecretStoreLogger;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  tokens?: TokenManagerOptions;
}

/** Vault's answer when `options.cas` does not match; the only 400 that means "you lost". */
const CAS_MISMATCH = 'check-and-set parameter did not match the current version';

const versionMetadata = z.object({ version: z.number().int().min(1), created_time: z.string() });
const readSchema = z.object({
  data: z.object({ data: z.record(z.string(), z.unknown()).nullable(), metadata: versionMetadata }),
});
const metadataSchema = z.object({ data: z.object({ created_time: z.string() }) });
const currentVersionSchema = z.object({
  data: z.object({
    current_version: z.number().int().min(0),
    versions: z.record(z.string(), z.object({ deletion_time: z.string(), destroyed: z.boolean() })),
  }),
});
const writeSchema = z.object({ data: z.object({ version: z.number().int().min(1) }) });
const listSchema = z.object({ data: z.object({ keys: z.array(z.string()) }) });

/**
 * The production secret store: Vault or OpenBao, KV version 2, over the HTTP API.
 *
 *   read    GET    {mount}/data/{path}  (+ GET {mount}/metadata/{path} for the first version's time)
 *   write   POST   {mount}/data/{path}  with `options.cas`
 *   delete  DELETE {mount}/metadata/{path}  (every version and the metadata)
 *   list    LIST   {mount}/metadata/{prefix}  (sent as GET ?list=true, which proxies pass through)
 *
 * Before its first call it checks that the mount is KV version 2 (see kv-mount.ts).
 */
export class VaultSecretStore implements SecretStore {
  readonly kind = 'vault' as const;
  private mountChecked?: Promise<void>;

  private constructor(
    private readonly config: VaultConfig,
    private readonly http: VaultHttp,
    private readonly tokens: VaultTokenManager,
    private readonly client: VaultClient,
  ) {}

  /**
   * Authenticates before returning, so wrong credentials stop the start. An unreachable Vault
   * does not: the store logs in on first use and `check()` reports it not ready meanwhile.
   */
  static async connect(config: VaultConfig, options: VaultSecretStoreOptions = {}): Promise<VaultSecretStore> {
    const logger = options.logger ?? silentLogger;
    const http = new VaultHttp({
      address: config.address,
      namespace: config.namespace,
      ca: config.caCertPath ? await readCa(config.caCertPath) : undefined,
      requestTimeoutMs: options.requestTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
    });
    const tokens = new VaultTokenManager(http, createAuthenticator(config.auth), logger, options.tokens);
    const client = new VaultClient(http, tokens, { ...DEFAULT_RETRY_POLICY, ...options.retry }, logger);
    const store = new VaultSecretStore(config, http, tokens, client);
    try {
      await tokens.token();
      await store.kvV2Mount();
      logger.info(describeVaultConfig(config), 'connected to Vault');
    } catch (error) {
      if (!(error instanceof SecretStoreUnavailableError)) {
        await store.close();
        throw error;
      }
      logger.warn({ ...describeVaultConfig(config), error: error.message }, 'Vault is unreachable; will log in on first use');
    }
    return store;
  }

  async read(path: string): Promise<VersionedSecret | null> {
    assertSecretPath(path);
    await this.kvV2Mount();
    const what = `read ${path}`;
    const [current, metadata] = await Promise.all([
      this.client.call('GET', this.kv('data', path), { idempotent: true, what }),
      this.client.call('GET', this.kv('metadata', path), { idempotent: true, what }),
    ]);
    // 404 with a body is a soft-deleted latest version (done outside Causeway): no readable secret.
    if (current.status === 404 || metadata.status === 404) return null;
    const { data } = parseOk(readSchema, current, what);
    if (data.data === null) return null;
    return {
      data: stringValues(path, data.data),
      version: data.metadata.version,
      metadata: {
        createdAt: new Date(parseOk(metadataSchema, metadata, what).data.created_time),
        updatedAt: new Date(data.metadata.created_time),
      },
    };
  }

  async write(path: string, data: SecretData, options?: WriteOptions): Promise<{ version: number }> {
    assertSecretPath(path);
    assertSecretData(path, data);
    const cas = assertCas(path, options);
    await this.kvV2Mount();
    const written = await this.post(path, data, cas);
    if (written !== 'conflict') return written;
    // `read` answers null for a path whose latest version was deleted (soft delete, done
    // outside Causeway), so a caller creates with cas 0; Vault counts the deleted version as
    // current. Such a path is absent for us: write over the deleted version, still with a CAS.
    const deleted = cas === 0 ? await this.deletedCurrentVersion(path) : undefined;
    if (deleted !== undefined) {
      const overDeleted = await this.post(path, data, deleted);
      if (overDeleted !== 'conflict') return overDeleted;
    }
    throw new SecretVersionConflictError(path, cas ?? 0);
  }

  async delete(path: string): Promise<void> {
    assertSecretPath(path);
    await this.kvV2Mount();
    // Destroying all versions is idempotent, so it is retried like a read.
    const response = await this.client.call('DELETE', this.kv('metadata', path), {
      idempotent: true,
      what: `delete ${path}`,
    });
    if (response.status !== 204 && response.status !== 200 && response.status !== 404) unexpected(response, `delete ${path}`);
  }

  async list(prefix: string): Promise<string[]> {
    const base = normalizeListPrefix(prefix);
    const what = `list ${base || '(root)'}`;
    await this.kvV2Mount();
    const response = await this.client.call('GET', `${this.config.kvMount}/metadata/${base ? `${base}/` : ''}`, {
      query: { list: 'true' },
      idempotent: true,
      what,
    });
    if (response.status === 404) return [];
    return [...parseOk(listSchema, response, what).data.keys].sort();
  }

  /**
   * Reachable, unsealed, our token is accepted (`lookup-self`) and its policy lets it read and
   * write secrets on the mount (`capabilities-self`); no retries.
   */
  async check(): Promise<void> {
    await this.checkToken(false);
    await this.kvV2Mount();
    await assertKvCapabilities(this.http, await this.tokens.token(), this.config.kvMount);
  }

  async close(): Promise<void> {
    this.tokens.close();
    await this.http.close();
  }

  private async checkToken(afterRelogin: boolean): Promise<void> {
    const token = await this.tokens.token();
    let response: VaultResponse;
    try {
      response = await this.http.send('GET', 'auth/token/lookup-self', { token });
    } catch (error) {
      throw new SecretStoreUnavailableError(`Vault is unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (response.status === 403) {
      if (!afterRelogin && (await this.tokens.refused(token))) return this.checkToken(true);
      throw new SecretStoreUnavailableError('Vault no longer accepts our token');
    }
    if (response.status !== 200) throw new SecretStoreUnavailableError(`Vault answered ${response.status}${vaultErrors(response)}`);
  }

  /** Checked once per store; a failed check (unreachable, refused) is tried again next time. */
  private kvV2Mount(): Promise<void> {
    this.mountChecked ??= assertKvV2Mount(this.client, this.config.kvMount).catch((error: unknown) => {
      this.mountChecked = undefined;
      throw error;
    });
    return this.mountChecked;
  }

  private async post(path: string, data: SecretData, cas: number | undefined): Promise<{ version: number } | 'conflict'> {
    const what = `write ${path}`;
    const response = await this.client.call('POST', this.kv('data', path), {
      body: cas === undefined ? { data } : { options: { cas }, data },
      idempotent: false,
      what,
    });
    if (response.status === 400 && vaultErrors(response).includes(CAS_MISMATCH)) return 'conflict';
    return { version: parseOk(writeSchema, response, what).data.version };
  }

  /** The current version from the metadata, when that version is deleted or destroyed. */
  private async deletedCurrentVersion(path: string): Promise<number | undefined> {
    const what = `read the metadata of ${path}`;
    const response = await this.client.call('GET', this.kv('metadata', path), { idempotent: true, what });
    if (response.status === 404) return undefined;
    const { current_version: current, versions } = parseOk(currentVersionSchema, response, what).data;
    const latest = versions[String(current)];
    if (!latest) return undefined;
    const deleted = latest.destroyed || (latest.deletion_time !== '' && Date.parse(latest.deletion_time) <= Date.now());
    return deleted ? current : undefined;
  }

  private kv(kind: 'data' | 'metadata', path: string): string {
    return `${this.config.kvMount}/${kind}/${path}`;
  }
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError('secrets', [{ variable: 'VAULT_CACERT', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
}

function parseOk<T>(schema: z.ZodType<T>, response: VaultResponse, what: string): T {
  if (response.status !== 200) unexpected(response, what);
  const parsed = schema.safeParse(response.body);
  if (!parsed.success)
    throw new SecretStoreResponseError(`${what}: Vault's answer does not have the KV v2 shape (is the mount KV version 2?)`, response.status);
  return parsed.data;
}

function unexpected(response: VaultResponse, what: string): never {
  throw new SecretStoreResponseError(`${what}: Vault answered ${response.status}${vaultErrors(response)}`, response.status);
}

/** Secrets written by other tools may hold numbers or objects; ours are strings only. */
function stringValues(path: string, data: Record<string, unknown>): SecretData {
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') {
      throw new SecretStoreResponseError(`read ${path}: the value of ${JSON.stringify(key)} is not a string (written by another tool?)`);
    }
  }
  return data as SecretData;
}

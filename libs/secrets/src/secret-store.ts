/**
 * The secret store port. Credentials (OAuth tokens, client secrets) live only behind it, never
 * in the control-plane database. Two adapters implement it with the same semantics: Vault /
 * OpenBao KV v2 in production and a local encrypted store for the embedded default.
 */

/** A secret is a flat map of strings: tokens, client secrets, expiry instants as ISO strings. */
export type SecretData = Record<string, string>;

export interface VersionedSecret {
  data: SecretData;
  /** Starts at 1 for a new path and grows by one on every write; restarts after `delete`. */
  version: number;
  metadata: {
    /** When the path's first version (since its last `delete`) was written. */
    createdAt: Date;
    /** When the returned version was written. */
    updatedAt: Date;
  };
}

export interface WriteOptions {
  /**
   * Check-and-set, with Vault's meaning: `0` writes only if the path holds no secret; `N`
   * writes only if the current version is `N`. Anything else throws
   * `SecretVersionConflictError` and changes nothing. Omitted: an unconditional write.
   */
  cas?: number;
}

export interface SecretStore {
  /** `vault` or `local`, for readiness output and logs. */
  readonly kind: 'vault' | 'local';

  /** The current version, or `null` when the path holds no secret. */
  read(path: string): Promise<VersionedSecret | null>;

  write(path: string, data: SecretData, options?: WriteOptions): Promise<{ version: number }>;

  /** Destroys every version and the metadata; deleting an absent path is not an error. */
  delete(path: string): Promise<void>;

  /**
   * The names directly under `prefix` (`''` for the root), sorted; a name that has secrets
   * beneath it ends with `/`, as Vault's LIST answers. An empty or absent prefix gives `[]`.
   */
  list(prefix: string): Promise<string[]>;

  /** Resolves when the store is usable; rejects with the reason otherwise (for `/readyz`). */
  check(): Promise<void>;

  /** Stops background work (token renewal) and releases connections. */
  close(): Promise<void>;
}

/** The subset of pino's logger the store uses; any pino logger fits. */
export interface SecretStoreLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: SecretStoreLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

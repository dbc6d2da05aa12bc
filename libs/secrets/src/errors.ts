import type { ErrorCode } from '@causeway/contracts';

/**
 * Every failure of the secret store, as data. Messages name paths, keys, versions and
 * variables, never a secret value, a token or key material: they end up in logs and, through
 * the error contract, in API responses.
 */
export type SecretStoreErrorCode =
  | 'invalid_path'
  | 'invalid_data'
  | 'version_conflict'
  | 'unavailable'
  | 'write_outcome_unknown'
  | 'integrity'
  | 'unknown_master_key'
  | 'access_denied'
  | 'bad_response';

/** The one mapping from secret-store failures to the platform's error contract. */
export const SECRET_STORE_ERROR_CODES: Record<SecretStoreErrorCode, ErrorCode> = {
  invalid_path: 'invalid_input',
  invalid_data: 'invalid_input',
  version_conflict: 'conflict',
  unavailable: 'unavailable',
  write_outcome_unknown: 'unavailable',
  integrity: 'internal',
  unknown_master_key: 'internal',
  access_denied: 'internal',
  bad_response: 'internal',
};

export abstract class SecretStoreError extends Error {
  abstract readonly code: SecretStoreErrorCode;
  /** Whether the same call may succeed later without anything else changing. */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidSecretPathError extends SecretStoreError {
  readonly code = 'invalid_path';
  readonly retryable = false;

  constructor(
    readonly path: string,
    /** The offending segment, as given (shortened when absurdly long). */
    readonly segment: string | undefined,
    reason: string,
  ) {
    super(`invalid secret path ${quote(path)}: ${reason}`);
  }
}

export class InvalidSecretDataError extends SecretStoreError {
  readonly code = 'invalid_data';
  readonly retryable = false;

  constructor(
    readonly path: string,
    readonly key: string | undefined,
    reason: string,
  ) {
    super(`invalid secret data for ${quote(path)}: ${reason}`);
  }
}

/**
 * A check-and-set write lost: someone else wrote (or deleted) the secret since the caller read
 * it. The caller re-reads and decides; for token refresh this is how exactly one replica wins.
 */
export class SecretVersionConflictError extends SecretStoreError {
  readonly code = 'version_conflict';
  readonly retryable = false;

  constructor(
    readonly path: string,
    readonly expectedVersion: number,
    /** Known to the local store; Vault does not say. */
    readonly currentVersion?: number,
  ) {
    super(
      `secret ${quote(path)} is not at version ${expectedVersion}` +
        (expectedVersion === 0 ? ' (expected it to be absent)' : '') +
        (currentVersion === undefined ? '' : `; current version is ${currentVersion}`),
    );
  }
}

/** The store could not be reached or answered with a transient failure; try again later. */
export class SecretStoreUnavailableError extends SecretStoreError {
  readonly code: SecretStoreErrorCode = 'unavailable';
  readonly retryable = true;
}

/**
 * A write was sent but its answer was lost (connection dropped, 5xx): it may or may not have
 * been applied. Retrying a check-and-set write blindly could report a conflict for a write that
 * actually won, so the caller must re-read and compare before doing anything else.
 */
export class SecretWriteOutcomeUnknownError extends SecretStoreUnavailableError {
  override readonly code = 'write_outcome_unknown';
}

/** Stored ciphertext failed authentication: tampered, corrupted, or moved from another path. */
export class SecretIntegrityError extends SecretStoreError {
  readonly code = 'integrity';
  readonly retryable = false;

  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`secret ${quote(path)} failed its integrity check: ${reason}`, options);
  }
}

/** The data key of a secret is wrapped with a master key this process was not given. */
export class UnknownMasterKeyError extends SecretStoreError {
  readonly code = 'unknown_master_key';
  readonly retryable = false;

  constructor(
    readonly path: string,
    readonly masterKeyId: string,
    knownKeyIds: readonly string[],
  ) {
    super(
      `secret ${quote(path)} is wrapped with master key ${masterKeyId}, ` +
        `but only ${knownKeyIds.join(', ') || 'no key'} is configured ` +
        `(set CAUSEWAY_MASTER_KEY, or CAUSEWAY_MASTER_KEY_PREVIOUS while a rotation is unfinished)`,
    );
  }
}

/** The store refused our credentials or policy forbids the path: an operator must act. */
export class SecretStoreAccessDeniedError extends SecretStoreError {
  readonly code = 'access_denied';
  readonly retryable = false;
}

/** The store answered something we do not understand (unexpected status or body shape). */
export class SecretStoreResponseError extends SecretStoreError {
  readonly code = 'bad_response';
  readonly retryable = false;

  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function isSecretStoreError(error: unknown): error is SecretStoreError {
  return error instanceof SecretStoreError;
}

/** Quotes caller-supplied text for a message, escaping control characters and capping length. */
export function quote(text: string, max = 200): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

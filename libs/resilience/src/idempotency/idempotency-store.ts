/**
 * Idempotent writes for `POST /v1/actions/{tool}` with an `Idempotency-Key` header.
 *
 * A key belongs to one API key of one tenant (`IdempotencyScope`) and is bound to the first
 * request made with it, by a hash of the canonical request as the agent sent it (tool, the
 * connection and user it named, input:
 * request-hash.ts). The data plane's flow:
 *
 *   begin(scope, key, hash)
 *     new       → this caller owns the key: make the upstream call, then complete() or fail()
 *     replay    → answer with the stored response; no upstream call
 *     mismatch  → 422 idempotency_key_reused (the key was used for a different request)
 *     in_flight → 409 idempotency_in_flight with retryAfterMs (another call holds the key)
 *     abandoned → 409 idempotency_outcome_unknown: the owner's lease expired with no result
 *                 recorded (its replica crashed or hung mid-call), so the upstream may or may
 *                 not have acted; the key is never taken over and sent again
 *
 * complete(scope, key, lease, response) — the upstream may have acted, so the answer must be
 *   replayed to every duplicate: any upstream answer (2xx and 4xx alike), and any outcome
 *   that leaves it unknown whether the upstream applied the write (timeout, connection reset
 *   after sending, 5xx), unless the upstream itself deduplicates on a forwarded key.
 * fail(scope, key, lease) — provably nothing was sent upstream: input or permission refused,
 *   quota or upstream hold or open breaker, no credential, connection refused. The key is
 *   released and the same request may be sent again with it.
 *
 * A key is kept for `retentionMs` (24 h) after completion, then ignored and purged. An
 * in-flight lease expires after `leaseMs` (set it to the call deadline plus a margin): if the
 * owning replica crashed, duplicates learn at once that the outcome is unknown instead of
 * waiting forever. The store cannot tell whether the owner had started the upstream call — that
 * would take one more write per call before every send — so an expired lease always counts as
 * "may have acted"; an owner that provably sent nothing releases the key itself with fail().
 * `lease` is the owner's token: a late owner (alive but past its lease) can still record its
 * result, and from then on duplicates get the replay.
 */
export interface IdempotencyScope {
  tenantId: string;
  apiKeyId: string;
}

/** The response to replay: what the data plane answered the first time. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export type BeginResult =
  | { kind: 'new'; lease: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_flight'; retryAfterMs: number }
  | { kind: 'abandoned' };

export interface BeginOptions {
  /** How long the caller may hold the key before a duplicate may take it over. */
  leaseMs?: number;
}

export interface IdempotencyStore {
  begin(scope: IdempotencyScope, key: string, requestHash: string, options?: BeginOptions): Promise<BeginResult>;
  /** Stores the response for replay; false if `lease` no longer owns the key. */
  complete(scope: IdempotencyScope, key: string, lease: string, response: StoredResponse): Promise<boolean>;
  /** Releases the key; false if `lease` no longer owns it. */
  fail(scope: IdempotencyScope, key: string, lease: string): Promise<boolean>;
  /** Deletes expired keys (at most `limit`); returns how many. Run it periodically. */
  purgeExpired(limit?: number): Promise<number>;
}

export interface IdempotencyStoreOptions {
  /** How long a completed key is replayed. Default 24 h. */
  retentionMs?: number;
  /** Default lease when `begin` names none. Default 60 s. */
  defaultLeaseMs?: number;
}

export const IDEMPOTENCY_DEFAULTS = { retentionMs: 24 * 60 * 60_000, defaultLeaseMs: 60_000 } as const;

/** Longest key accepted (the column's width); the data plane answers 400 for longer ones. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

export function checkIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new RangeError(`an idempotency key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`);
  }
}

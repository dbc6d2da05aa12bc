import { createHash } from 'node:crypto';
import { canonicalJson } from '@causeway/contracts';

/**
 * What makes two requests "the same" for an idempotency key: what the agent sent, never what
 * the platform resolved from it. `connectionId` and `onBehalfOf` are the ones the agent named
 * (absent when it named none): a retry of the same request must hash the same even when the
 * connection it resolves to changed in between (re-created, a user's own connection added).
 */
export interface IdempotentRequest {
  tool: string;
  connectionId?: string | null;
  onBehalfOf?: string;
  input: unknown;
}

/**
 * SHA-256 (hex) of the request in canonical JSON (RFC 8785, `@causeway/contracts`): object
 * keys sorted at every depth, so the same input sent with its fields in another order is the
 * same request. `undefined` members are dropped as JSON.stringify drops them.
 */
export function requestHash(request: IdempotentRequest): string {
  const canonical = canonicalJson({ tool: request.tool, connectionId: request.connectionId ?? null, onBehalfOf: request.onBehalfOf, input: request.input });
  return createHash('sha256').update(canonical).digest('hex');
}

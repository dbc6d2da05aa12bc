/**
 * The error contract every Causeway surface speaks (architecture brief §5).
 *
 * An agent must be able to decide its next step from `code` alone, so each code has one
 * meaning, one HTTP status and one retry stance. Transports map codes through this table
 * and nowhere else.
 */
export const ERROR_CODES = {
  invalid_input: { status: 400, retryable: false },
  unauthenticated: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  conflict: { status: 409, retryable: false },
  connection_required: { status: 409, retryable: false },
  idempotency_in_flight: { status: 409, retryable: true },
  idempotency_key_reused: { status: 422, retryable: false },
  /**
   * The key's first call was cut off (its lease expired with no recorded result) after it may
   * have reached the provider. 409, not 502: nothing failed upstream on this request, the key's
   * state is what refuses it — and generic HTTP retry policies retry 502, which is exactly what
   * must not happen to a write that may already have been applied.
   */
  idempotency_outcome_unknown: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  rate_limited: { status: 429, retryable: true },
  needs_reauth: { status: 424, retryable: false },
  upstream_invalid_request: { status: 422, retryable: false },
  upstream_forbidden: { status: 403, retryable: false },
  upstream_not_found: { status: 404, retryable: false },
  upstream_conflict: { status: 409, retryable: false },
  upstream_rate_limited: { status: 429, retryable: true },
  upstream_error: { status: 502, retryable: true },
  upstream_unavailable: { status: 503, retryable: true },
  upstream_timeout: { status: 504, retryable: true },
  unavailable: { status: 503, retryable: true },
  /** The call waits for a human decision: poll `GET /v1/approvals/{id}` and re-send with `Approval-Id` once approved. */
  approval_pending: { status: 409, retryable: true },
  /** A human rejected the approval; the call must not be made. */
  approval_rejected: { status: 403, retryable: false },
  /** The approval expired before it was decided or used; request a new one. */
  approval_expired: { status: 410, retryable: false },
  /** The re-sent call is not the one that was approved (input, tool, connection, onBehalfOf or key differ). */
  approval_mismatch: { status: 422, retryable: false },
  /** The key's daily budget (calls or cost units) for this tool is used up and the policy refuses past it. */
  budget_exhausted: { status: 429, retryable: true },
  internal: { status: 500, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Refusals of the control plane's GraphQL endpoint before any resolver runs (limits in
 * docs/security/graphql-and-embedded.md). They travel upper-cased in `extensions.code`; the
 * data plane never answers with them, so they stay out of the agents' table above.
 */
export const GRAPHQL_REFUSAL_CODES = {
  /** The operation's estimated cost is over the limit. */
  query_too_complex: { status: 400 },
  /** The document has more tokens than the parser accepts. */
  query_too_large: { status: 400 },
  /** More aliases in one document than allowed. */
  too_many_aliases: { status: 400 },
  /** More root fields in one operation than allowed. */
  too_many_root_fields: { status: 400 },
  /** A JSON array of operations in one request; send them one by one. */
  batched_operations_refused: { status: 400 },
  /** A mutation sent with GET; mutations need POST. */
  mutation_requires_post: { status: 405 },
  /** Schema introspection without a valid token while the control plane runs in production mode. */
  introspection_disabled: { status: 401 },
} as const satisfies Record<string, { status: number }>;

export type GraphqlRefusalCode = keyof typeof GRAPHQL_REFUSAL_CODES;

/**
 * Refusals of the MCP transport itself, answered as JSON-RPC errors (the MCP spec's shape)
 * with the code in `error.data.code`.
 */
export const MCP_TRANSPORT_REFUSAL_CODES = {
  /** The request's Origin is not one the data plane serves (DNS-rebinding guard). */
  origin_not_allowed: { status: 403 },
} as const satisfies Record<string, { status: number }>;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
    upstreamStatus?: number;
    /** Which input field is at fault, for `invalid_input`. */
    field?: string;
    /** Asked for with `?explain=true` on a denied call: which permission layer refused it. */
    explain?: { deniedBy: string };
    requestId: string;
  };
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** Builds the wire body for a code; the status comes from `ERROR_CODES[code].status`. */
export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  extra: Partial<Pick<ErrorBody['error'], 'retryAfterMs' | 'upstreamStatus' | 'field' | 'explain'>> = {},
): ErrorBody {
  return {
    error: { code, message, retryable: ERROR_CODES[code].retryable, ...extra, requestId },
  };
}

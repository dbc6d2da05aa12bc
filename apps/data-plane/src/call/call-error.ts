import { ERROR_CODES, errorBody, type ErrorBody, type ErrorCode } from '@causeway/contracts';
import { AppError, isDependencyOutage } from '@causeway/platform';

export type CallErrorExtra = Partial<Pick<ErrorBody['error'], 'retryAfterMs' | 'upstreamStatus' | 'field' | 'explain'>>;

/**
 * An expected failure of a call, returned by the stage that found it and rendered once by each
 * surface (REST, MCP, the proxy). A value, not an exception: no stack is captured and no stage
 * has to know which other one might catch it.
 */
export class CallError {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    readonly extra: CallErrorExtra = {},
    /** Which permission layer refused a denied call; for the audit event, never the body. */
    readonly deniedBy?: string,
  ) {}

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  /** The contract's body for this error (docs/architecture.md, Errors). */
  body(requestId: string): ErrorBody {
    return errorBody(this.code, this.message, requestId, this.extra);
  }

  /** What an idempotency key or an approval stores to replay this failure to a duplicate. */
  stored(): { status: number; body: unknown } {
    return { status: this.status, body: { error: { code: this.code, message: this.message, retryable: this.retryable, ...this.extra } } };
  }

  static from(error: AppError): CallError {
    return new CallError(error.code, error.message, error.extra);
  }

  /** A stored failure replayed: the body it was stored with (requestId excluded). */
  static fromStored(body: unknown): CallError {
    const { code, message, retryAfterMs, upstreamStatus, field } = (
      body as { error: { code: ErrorCode; message: string; retryAfterMs?: number; upstreamStatus?: number; field?: string } }
    ).error;
    return new CallError(code, message, {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(upstreamStatus !== undefined ? { upstreamStatus } : {}),
      ...(field ? { field } : {}),
    });
  }
}

/**
 * A collaborator's exception as a value: an AppError (how the approval gate, the connection
 * selector and the credential provider report expected failures) becomes a CallError, and so
 * does a platform dependency that is away (PostgreSQL or Redis restarting: `unavailable`, try
 * again); anything else is a bug and is thrown on.
 */
export function expectedFailure(error: unknown): CallError {
  if (error instanceof AppError) return CallError.from(error);
  if (isDependencyOutage(error)) return DEPENDENCY_AWAY;
  throw error;
}

const DEPENDENCY_AWAY = new CallError('unavailable', 'a platform dependency is unavailable right now; nothing was sent; try again shortly', {
  retryAfterMs: 2000,
});

/** `fn`'s value, or its expected failure as a CallError. */
export async function expectedAsync<T>(fn: () => Promise<T>): Promise<T | CallError> {
  try {
    return await fn();
  } catch (error) {
    return expectedFailure(error);
  }
}

/** The HTTP answer for a call error: status, the contract's body, and Retry-After when it says when. */
export function callErrorReply(error: CallError, requestId: string): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const retryAfterMs = error.extra.retryAfterMs;
  const headers: Record<string, string> =
    typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } : {};
  return { status: error.status, body: error.body(requestId), headers };
}

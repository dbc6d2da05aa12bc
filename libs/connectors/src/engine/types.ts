import type { ErrorCode } from '@causeway/contracts';

/**
 * The secret for one call, handed in by the caller: the engine never fetches or stores
 * secrets. `authMode` names one of the provider's auth modes (`oauth2`, `personal_access_token`).
 */
export type Credential = { authMode: string; kind: 'token'; token: string } | { authMode: string; kind: 'basic'; username: string; password: string };

/** Where a connection's calls go. */
export interface ConnectionContext {
  /** Values for the server URL placeholders, e.g. `{ cloudId }` or `{ instanceUrl }`. */
  params?: Record<string, string>;
  /**
   * Replaces a server's URL template (same placeholders allowed), e.g. to aim a connection
   * at a simulator: `{ default: 'http://127.0.0.1:5100/ex/jira/{cloudId}' }`.
   */
  serverOverrides?: Record<string, string>;
}

/** The rate-limit state a response revealed, whatever the vendor's headers looked like. */
export interface RateLimitInfo {
  /** True when this response was a refusal because of a limit. */
  limited: boolean;
  retryAfterMs?: number;
  /** When the current window resets, epoch milliseconds. */
  resetAt?: number;
  remaining?: number;
  limit?: number;
  /** Which bucket the numbers describe (GitHub `core`, Salesforce `api-usage`). */
  scope?: string;
  /** Why the call was refused (Jira `jira-burst-based`, Slack `ratelimited`). */
  reason?: string;
}

export interface ActionError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  upstreamStatus?: number;
  /** The input (or vendor) field at fault, when known. */
  field?: string;
  /**
   * The upstream said the credential is not (or no longer) valid in a way a token refresh
   * may fix: refresh once and retry once; if that fails, the connection needs re-consent.
   */
  authExpired?: boolean;
  /** The vendor's own error code (`channel_not_found`, `INVALID_SESSION_ID`), for logs. */
  vendorCode?: string;
}

export type ActionResult<T = unknown> =
  { ok: true; data: T; nextCursor?: string; rateLimit?: RateLimitInfo; upstreamStatus: number } | { ok: false; error: ActionError; rateLimit?: RateLimitInfo };

// The one HTTP exchange between the engine and a transport lives in libs/contracts, so libs/egress
// implements it without importing the connectors.
export type { HttpTransport, UpstreamRequest, UpstreamResponse } from '@causeway/contracts';

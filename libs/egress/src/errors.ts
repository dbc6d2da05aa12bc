import { ResponseTooLargeError as EngineResponseTooLargeError, UpstreamTimeoutError, type ErrorCode } from '@causeway/contracts';
import type { AddressCategory } from './address';

/*
 * Every error this library raises names the host and nothing else from the request: no path,
 * no query string (query strings carry API keys), no header, no resolved address. Each carries
 * `code` (what the connector engine prints: "could not reach Slack (EGRESS_HOST_NOT_DECLARED)")
 * and `errorCode`, the contract code a caller should answer with.
 */

export type EgressRefusalReason =
  /** Not an absolute http(s) URL, or it carries user:password@. */
  | 'invalid_url'
  /** Not http/https, or plain http where https is required. */
  | 'scheme'
  /** A redirect from https to http. */
  | 'scheme_downgrade'
  /** Neither declared by the connector nor a verified instance host of the connection. */
  | 'host_not_declared'
  /** Resolves to (or is) a loopback, private, link-local, metadata, ... address. */
  | 'private_address'
  | 'too_many_redirects'
  /** CONNECT, TRACE and TRACK are never proxied. */
  | 'method';

/** What every refusal says to whoever made the request: one answer, so it cannot be used to map a network. */
export const EGRESS_REFUSED_MESSAGE = 'refused by egress policy';

/**
 * A destination the policy refuses. The message is always `refused by egress policy`: a
 * caller who can aim the guard (a callback URL, an issuer, a server override) must not learn
 * whether a port listens, what answered or how long it took. Refusals come before any socket
 * is opened, so no timing differs either. Why it was refused (`reason`, `category`, `detail`)
 * is for the operator's log.
 */
export class EgressRefusedError extends Error {
  readonly code: string;
  readonly errorCode: ErrorCode = 'forbidden';

  constructor(
    readonly reason: EgressRefusalReason,
    readonly host: string,
    /** Why, naming the host only: for logs, never for the caller. */
    readonly detail: string,
    /** For `private_address`: which kind of address. Safe to log. */
    readonly category?: AddressCategory,
  ) {
    super(EGRESS_REFUSED_MESSAGE);
    this.name = 'EgressRefusedError';
    this.code = `EGRESS_${reason.toUpperCase()}`;
  }
}

/**
 * The upstream answered with more than the cap. Extends the transport contract's class so
 * `createConnectorEngine` reports it as `upstream_error` without knowing this library.
 */
export class ResponseTooLargeError extends EngineResponseTooLargeError {
  readonly code = 'EGRESS_RESPONSE_TOO_LARGE';
  readonly errorCode: ErrorCode = 'upstream_error';

  constructor(
    readonly host: string,
    readonly limit: number,
  ) {
    super(limit);
    this.name = 'ResponseTooLargeError';
    this.message = `response from ${host} exceeded ${limit} bytes`;
  }
}

export class RequestTooLargeError extends Error {
  readonly code = 'EGRESS_REQUEST_TOO_LARGE';
  readonly errorCode: ErrorCode = 'payload_too_large';

  constructor(
    readonly host: string,
    readonly limit: number,
  ) {
    super(`request body for ${host} exceeds ${limit} bytes`);
    this.name = 'RequestTooLargeError';
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'deadline';

/**
 * Extends the transport contract's class, so `createConnectorEngine` reports any phase as
 * `upstream_timeout` without knowing this library (the guarded transport enforces the
 * engine's deadline: see `enforcesTimeout`).
 */
export class EgressTimeoutError extends UpstreamTimeoutError {
  readonly code: string;
  readonly errorCode: ErrorCode = 'upstream_timeout';

  constructor(
    readonly phase: TimeoutPhase,
    readonly host: string,
    timeoutMs: number,
  ) {
    super(timeoutMs);
    this.message = phase === 'deadline' ? `${host} did not answer within ${timeoutMs} ms` : `${phase} timeout after ${timeoutMs} ms talking to ${host}`;
    this.name = 'EgressTimeoutError';
    this.code = `EGRESS_${phase.toUpperCase()}_TIMEOUT`;
  }
}

/**
 * A transport failure (refused, reset, DNS failure). The original error is not kept as `cause`:
 * Node's messages name the resolved address and undici's may name the URL.
 */
export class EgressNetworkError extends Error {
  readonly errorCode: ErrorCode = 'upstream_unavailable';

  constructor(
    /** The system or undici code: `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ... */
    readonly code: string,
    readonly host: string,
  ) {
    super(`could not reach ${host} (${code})`);
    this.name = 'EgressNetworkError';
  }
}

export type EgressError = EgressRefusedError | ResponseTooLargeError | RequestTooLargeError | EgressTimeoutError | EgressNetworkError;

export function isEgressError(error: unknown): error is EgressError {
  return (
    error instanceof EgressRefusedError ||
    error instanceof ResponseTooLargeError ||
    error instanceof RequestTooLargeError ||
    error instanceof EgressTimeoutError ||
    error instanceof EgressNetworkError
  );
}

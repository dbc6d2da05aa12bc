/*
 * One outbound HTTP exchange, as the connector engine hands it to a transport. The contract
 * between the engine (libs/connectors) and the egress guard's transport (libs/egress), kept
 * here so neither imports the other.
 */

/** One outbound HTTP exchange, small enough that the data plane can wrap or replace it. */
export interface UpstreamRequest {
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /**
   * The exchange's deadline. Only a transport that says it enforces deadlines
   * (`enforcesTimeout`) reads it, and throws `UpstreamTimeoutError` when it passes; for any
   * other the engine keeps a timer of its own.
   */
  timeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request. Throws only for transport failures (connection refused, aborted,
 * body too large); any HTTP status is a normal return.
 */
export type HttpTransport = ((request: UpstreamRequest) => Promise<UpstreamResponse>) & {
  /**
   * Set by a transport that already keeps a deadline per exchange (the egress guard): the
   * engine hands it `timeoutMs` instead of arming a second timer and abort signal per call.
   */
  enforcesTimeout?: boolean;
};

/** Raised when an upstream body exceeds the configured cap. */
export class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`upstream response exceeded ${limit} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** Raised by a transport that enforces `timeoutMs` when the exchange outlives it. */
export class UpstreamTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`upstream did not answer within ${timeoutMs} ms`);
    this.name = 'UpstreamTimeoutError';
  }
}

import type { HttpTransport, UpstreamRequest } from '@causeway/connectors';
import type { EgressGuard } from './guard';
import type { EgressPolicy } from './policy';

/**
 * Where a request may go. `UpstreamRequest` carries only method, URL, headers and body, so the
 * hosts come from the caller: a fixed policy for a transport made per call (the usual case:
 * the data plane knows the provider and connection when it calls `executeAction`), or a function
 * of the request.
 */
export type PolicyFor = EgressPolicy | ((request: UpstreamRequest) => EgressPolicy);

export interface GuardedTransportOptions {
  /** The process's guard: shared so the connection pool is shared. */
  guard: EgressGuard;
  policyFor: PolicyFor;
}

/**
 * An `HttpTransport` for `createConnectorEngine({ transport })` and the OAuth token client.
 * Refusals, caps and timeouts are thrown as the typed errors of this library; the response
 * cap error extends the engine's own `ResponseTooLargeError`, so the engine maps it today.
 */
export function createGuardedTransport(options: GuardedTransportOptions): HttpTransport {
  const { guard, policyFor } = options;
  return async (request) => {
    const policy = typeof policyFor === 'function' ? policyFor(request) : policyFor;
    const response = await guard.fetch(
      request.url,
      { method: request.method, headers: request.headers, body: request.body, signal: request.signal },
      policy,
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.status, headers, body: response.body.toString('utf8') };
  };
}

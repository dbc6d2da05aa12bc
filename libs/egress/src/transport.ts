import type { HttpTransport, UpstreamRequest } from '@causeway/contracts';
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
 * cap error extends the contract's `ResponseTooLargeError`, so the engine maps it.
 */
export function createGuardedTransport(options: GuardedTransportOptions): HttpTransport {
  const { guard, policyFor } = options;
  const transport: HttpTransport = async (request) => {
    const policy = typeof policyFor === 'function' ? policyFor(request) : policyFor;
    const response = await guard.fetch(
      request.url,
      { method: request.method, headers: request.headers, body: request.body, signal: request.signal, deadlineMs: request.timeoutMs },
      policy,
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return { status: response.status, headers, body: response.body.toString('utf8') };
  };
  // The guard's deadline is the engine's: it throws EgressTimeoutError, an UpstreamTimeoutError.
  transport.enforcesTimeout = true;
  return transport;
}

/**
 * The transport for every call to one provider, in either service: the hosts the provider
 * declares (the caller reads them from its catalog: this library knows no connectors), plus the hosts of URLs an admin configured and we verified then (an OAuth app's
 * endpoints, a verified instance URL, operator-allowed overrides). The guard judges the
 * addresses on every request, so a name pointed inside the network after it was verified (DNS
 * rebinding) gets nothing.
 */
export function providerTransport(guard: EgressGuard, declaredHosts: readonly string[], verifiedUrls: Iterable<string | null | undefined>): HttpTransport {
  return createGuardedTransport({ guard, policyFor: { declaredHosts, instanceHosts: hostsOfUrls(verifiedUrls) } });
}

/** Hostnames of the URLs among `values` (path templates like `{cloudId}` allowed); anything else is skipped. */
export function hostsOfUrls(values: Iterable<string | null | undefined>): string[] {
  const hosts: string[] = [];
  for (const value of values) {
    if (!value || !/^https?:\/\//.test(value)) continue;
    try {
      hosts.push(new URL(value.replace(/\{[^}]+\}/g, 'x')).hostname);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return hosts;
}

import { catalog, type HttpTransport } from '@causeway/connectors';
import { createGuardedTransport, type EgressGuard } from '@causeway/egress';

/**
 * Token refreshes go through the egress guard like every other outbound call. The token URL's
 * host is allowed because an admin configured it and the control plane verified it then (a
 * vendor's declared host, or a public https host for a generic OAuth app); the guard still
 * resolves it on every request and refuses private, loopback and metadata addresses, so a name
 * that has since been pointed inside the network (DNS rebinding) gets nothing.
 */
export function guardedTokenTransport(guard: EgressGuard): (tokenUrl: string, provider: string) => HttpTransport {
  return (tokenUrl, provider) =>
    createGuardedTransport({ guard, policyFor: { declaredHosts: catalog.provider(provider)?.hosts ?? [], instanceHosts: hostsOf(tokenUrl) } });
}

function hostsOf(url: string): string[] {
  try {
    return [new URL(url).hostname];
  } catch {
    return [];
  }
}

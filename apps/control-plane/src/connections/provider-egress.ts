import { catalog, type HttpTransport } from '@causeway/connectors';
import { createGuardedTransport, type EgressGuard } from '@causeway/egress';

/**
 * Every call the control plane makes to a provider — the code exchange, discovery, an
 * authorization server's metadata, revocation, the identity check of testConnection — goes
 * through the egress guard, like the data plane's: only the provider's declared hosts and the
 * hosts of URLs an admin configured and we verified then (an OAuth app's endpoints, a verified
 * instance URL, operator-allowed overrides), and every address judged again on every request,
 * so a name pointed inside the network after it was verified (DNS rebinding) gets nothing.
 */
export class ProviderEgress {
  constructor(private readonly guard: EgressGuard) {}

  /** A transport for one provider, allowed to reach its declared hosts and the hosts of `urls`. */
  transportFor(providerId: string, urls: Iterable<string | null | undefined>): HttpTransport {
    return createGuardedTransport({ guard: this.guard, policyFor: { declaredHosts: catalog.provider(providerId)?.hosts ?? [], instanceHosts: hostsOf(urls) } });
  }
}

/** Hostnames of the URLs (path templates like `{cloudId}` allowed); what does not parse is skipped. */
export function hostsOf(urls: Iterable<string | null | undefined>): string[] {
  const hosts: string[] = [];
  for (const url of urls) {
    if (!url || !/^https?:\/\//.test(url)) continue;
    try {
      hosts.push(new URL(url.replace(/\{[^}]+\}/g, 'x')).hostname);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return hosts;
}

import { isDeclaredHost, type ProviderDefinition } from '@causeway/connectors';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';

/**
 * Checks the connection parameters a provider handed us at consent before they are stored. A
 * URL among them (Salesforce `instance_url`) becomes an allowed egress host of the connection,
 * so it must be https on a host the provider declares (`*.my.salesforce.com`), or on the host
 * of a server or endpoint override the operator allowed (a simulator answers with its own
 * address). Anything else is refused rather than trusted: a token answer is not a reason to
 * call an arbitrary host with the token.
 */
export function verifiedParams(
  provider: ProviderDefinition,
  params: Record<string, string>,
  operatorAllowedUrls: ReadonlyArray<string>,
): Record<string, string> {
  const overrideHosts = operatorAllowedUrls.flatMap((url) => {
    try {
      return [new URL(url.replace(/\{[^}]+\}/g, 'x')).hostname];
    } catch {
      return [];
    }
  });
  for (const [name, value] of Object.entries(params)) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw refused(provider, name, 'is not a URL');
    }
    const byOverride = overrideHosts.includes(url.hostname);
    if (!byOverride && (url.protocol !== 'https:' || !isDeclaredHost(provider.hosts, url.hostname))) {
      throw refused(provider, name, `points at ${url.hostname}, which is not a ${provider.name} host`);
    }
  }
  return { ...params };
}

const refused = (provider: ProviderDefinition, name: string, why: string) =>
  new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `${provider.id} answered a ${name} that ${why}; the connection was not created`, 'code');

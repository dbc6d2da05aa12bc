/**
 * Whether a hostname is one a provider declares (`api.github.com`, or `*.my.salesforce.com`
 * for any subdomain). The data plane's egress guard uses it for URLs built from connection
 * parameters such as a Salesforce instance URL.
 */
export function isDeclaredHost(patterns: ReadonlyArray<string>, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));
}

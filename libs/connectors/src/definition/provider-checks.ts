import type { ProviderDefinition } from './provider';
import { isDeclaredHost } from './hosts';
import type { LocatedIssue } from './semantic-checks';
import { fillTemplate, HOST_ESCAPING_SAMPLES, hostPlaceholders, leadingBaseParam, matchesParamPattern, placeholdersIn } from './url-templates';

/**
 * Checks on a provider's facts that need more than one field: limits declared or their
 * absence stated, connection parameters that cannot carry a call off the vendor's domain,
 * servers and per-tenant endpoints that land on a declared host, database settings only where
 * a database is reached.
 */
export function checkProviderFacts(provider: ProviderDefinition): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const push = (path: PropertyKey[], message: string) => issues.push({ path, message });

  if (provider.declaredLimits.length === 0 && !provider.noPublishedLimit) {
    push(['declaredLimits'], "declare the vendor's documented limits, or say with `noPublishedLimit` (and its source) that it publishes none");
  }

  for (const [name, param] of Object.entries(provider.connectionParams)) {
    if (param.pattern !== undefined) {
      try {
        new RegExp(param.pattern);
      } catch (error) {
        push(['connectionParams', name, 'pattern'], `is not a regular expression: ${(error as Error).message}`);
        continue;
      }
      if (!matchesParamPattern(param.pattern, param.example)) push(['connectionParams', name, 'example'], `does not match the parameter's own pattern`);
    }
    const databaseHost = Object.values(provider.servers).some((server) => server.url.startsWith('postgresql://') && server.url.includes(`{${name}}`));
    if (param.selfHosted && !databaseHost && !isHttpsUrl(param.example))
      push(['connectionParams', name, 'example'], 'a self-hosted base URL must be an https URL');
  }

  const examples = Object.fromEntries(Object.entries(provider.connectionParams).map(([name, param]) => [name, param.example]));
  for (const [name, server] of Object.entries(provider.servers)) {
    const path = ['servers', name, 'url'];
    if (server.url.startsWith('postgresql://')) {
      if (!provider.database) push(path, 'a database server needs the `database` settings (read-only, statement timeout, row cap)');
      const [hostParam] = hostPlaceholders(server.url);
      if (hostParam && !provider.connectionParams[hostParam]?.selfHosted)
        push(path, `{${hostParam}} names the tenant's database host: declare it and mark it selfHosted`);
      continue;
    }
    issues.push(...checkUrlTemplate(provider, server.url, path, examples, { allowedPlaceholders: 'any' }));
  }
  if (provider.database && !Object.values(provider.servers).some((server) => server.url.startsWith('postgresql://'))) {
    push(['database'], 'database settings need a postgresql:// server');
  }
  if (provider.database && provider.database.statementTimeout.defaultMs > provider.database.statementTimeout.maxMs) {
    push(['database', 'statementTimeout', 'defaultMs'], 'must not exceed maxMs');
  }
  if (provider.database && provider.database.rowCap.default > provider.database.rowCap.max) {
    push(['database', 'rowCap', 'default'], 'must not exceed max');
  }

  provider.authModes.forEach((mode, index) => {
    const base = ['authModes', index];
    if (mode.type === 'database_password') {
      if (!provider.database) push([...base, 'type'], "a database login needs the provider's `database` settings");
      return;
    }
    if (mode.inject.in === 'header') {
      if (mode.inject.template && mode.inject.scheme) push([...base, 'inject', 'template'], 'give either a scheme or a template, not both');
      if (mode.inject.passwordHeader && mode.type !== 'basic')
        push([...base, 'inject', 'passwordHeader'], 'only a basic (two-part) credential has a password to put in a second header');
    }
    const endpoints: Array<[string, string | undefined]> =
      mode.type === 'oauth2_authorization_code'
        ? [
            ['authorizeUrl', mode.authorizeUrl],
            ['tokenUrl', mode.tokenUrl],
            ['refreshUrl', mode.refreshUrl],
            ['revokeUrl', mode.revokeUrl],
          ]
        : mode.type === 'oauth2_implicit'
          ? [
              ['authorizeUrl', mode.authorizeUrl],
              ['revokeUrl', mode.revokeUrl],
            ]
          : mode.type === 'oauth2_client_credentials' || mode.type === 'oauth2_jwt_bearer'
            ? [['tokenUrl', mode.tokenUrl]]
            : [];
    for (const [field, url] of endpoints) {
      if (url === undefined) continue;
      // Endpoints are used before the connection exists: only values an admin typed are known then.
      issues.push(...checkUrlTemplate(provider, url, [...base, field], examples, { allowedPlaceholders: 'admin', clientPlaceholders: ['client_id'] }));
    }
  });
  return issues;
}

function checkUrlTemplate(
  provider: ProviderDefinition,
  template: string,
  path: PropertyKey[],
  examples: Record<string, string>,
  options: { allowedPlaceholders: 'any' | 'admin'; clientPlaceholders?: string[] },
): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const push = (message: string) => issues.push({ path, message });
  for (const name of placeholdersIn(template)) {
    if (options.clientPlaceholders?.includes(name)) continue;
    const param = provider.connectionParams[name];
    if (!param) push(`placeholder {${name}} is not a declared connection parameter`);
    else if (options.allowedPlaceholders === 'admin' && param.source !== 'admin')
      push(`{${name}} is learned only after consent (${param.source}); an endpoint may use only parameters an admin supplies`);
  }
  if (issues.length > 0) return issues;

  for (const name of hostPlaceholders(template)) {
    const pattern = provider.connectionParams[name]?.pattern;
    if (pattern === undefined) {
      push(`{${name}} is part of the host: its parameter needs a pattern that keeps the value inside the host name`);
      continue;
    }
    const escaping = HOST_ESCAPING_SAMPLES.find((sample) => matchesParamPattern(pattern, sample));
    if (escaping !== undefined) push(`the pattern of {${name}} accepts ${JSON.stringify(escaping)}, which would move the call off the vendor's host`);
  }
  const baseParam = leadingBaseParam(template);
  const filled = fillTemplate(template, { ...examples, client_id: 'client' });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    push("is not a URL once the parameters' examples are filled in");
    return issues;
  }
  const selfHosted = baseParam !== undefined && provider.connectionParams[baseParam]?.selfHosted === true;
  if (!selfHosted && !isDeclaredHost(provider.hosts, url.hostname)) {
    push(`lands on ${url.hostname}, which is not among the provider's hosts`);
  }
  return issues;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

import { fillTemplate, placeholdersIn } from '../definition/url-templates';

/**
 * Fills a per-tenant OAuth endpoint (`https://{subdomain}.zendesk.com/oauth/tokens`) from the
 * connection's admin-supplied parameters. `{client_id}` (GitHub's revocation path) is left for
 * the revocation code. Values are encoded so they cannot add path segments or a query.
 */
export function resolveEndpoint(template: string, params: Readonly<Record<string, string>> = {}): { ok: true; url: string } | { ok: false; missing: string } {
  const missing = placeholdersIn(template).find((name) => name !== 'client_id' && !params[name]);
  if (missing !== undefined) return { ok: false, missing };
  const encoded = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, encodeURIComponent(value)]));
  return { ok: true, url: fillTemplate(template, encoded) };
}

import type { AuthMode } from '../definition/auth-modes';
import { isHttps } from './build-action';
import type { NormalizedSpec } from './normalize-spec';
import { record, stringAt } from './normalize-spec';
import type { ProviderFacts } from './overlay';

/**
 * Provider facts read from the spec alone, for the default overlay the corpus run uses. Every
 * fact's provenance is the spec's own published location (or its documentation link): that
 * is where the importer read it. A curated overlay replaces all of this with the vendor's pages.
 */
export function defaultProviderFacts(
  spec: NormalizedSpec,
  fallbackId: string,
  readFrom?: string,
): { facts: ProviderFacts; source: string } | { error: string } {
  const source = [spec.externalDocsUrl, spec.origin, spec.servers[0], readFrom].find(isHttps);
  if (!source) return { error: 'no https URL to cite (the spec has no https externalDocs, x-origin or server, and no source was given)' };
  const id = slug(fallbackId) || slug(spec.title) || 'imported';
  const authModes = authModesFrom(spec, source);
  return {
    source,
    facts: {
      id,
      name: spec.title,
      description: `${spec.title} (imported from its OpenAPI description).`.padEnd(10, '.'),
      docsUrl: source,
      authModes,
      rateLimitSignals: { retryAfterHeader: 'retry-after', partitioning: 'Not stated in the OpenAPI description; paced only on 429 and Retry-After.', source },
      declaredLimits: [],
      noPublishedLimit: { statement: "The OpenAPI description states no rate limit; calls are paced on the vendor's 429 and Retry-After only.", source },
      pagination: { style: 'none', notes: 'Not stated in the OpenAPI description; each list operation takes its own parameters.', source },
      errors: { source, envelope: { codePaths: ['error.code', 'code'], messagePaths: ['error.message', 'message', 'error'], fieldPaths: [] }, rules: [] },
    },
  };
}

function authModesFrom(spec: NormalizedSpec, source: string): AuthMode[] {
  const modes: AuthMode[] = [];
  for (const [name, scheme] of Object.entries(spec.securitySchemes)) {
    const id = slug(name) || `mode_${modes.length + 1}`;
    if (modes.some((mode) => mode.id === id)) continue;
    const type = stringAt(scheme, 'type');
    const label = `${spec.title}: ${name}`;
    if (type === 'apiKey' && (scheme['in'] === 'header' || scheme['in'] === 'query') && stringAt(scheme, 'name')) {
      modes.push({ id, type: 'api_key', label, docsUrl: source, inject: { in: scheme['in'], name: scheme['name'] as string } });
    } else if ((type === 'http' && String(scheme['scheme']).toLowerCase() === 'basic') || type === 'basic') {
      modes.push({ id, type: 'basic', label, docsUrl: source, inject: { in: 'header', name: 'Authorization', scheme: 'Basic' } });
    } else if (type === 'http' || type === 'oauth2' || type === 'openIdConnect') {
      // OAuth flows need endpoints and client facts a spec rarely states completely; the
      // imported provider takes the resulting token as a bearer token until curated.
      modes.push({ id, type: 'bearer_token', label, docsUrl: source, inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' } });
    }
  }
  if (modes.length === 0)
    modes.push({
      id: 'bearer',
      type: 'bearer_token',
      label: `${spec.title} token`,
      docsUrl: source,
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
    });
  return modes;
}

export function slug(text: string): string {
  const value = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(value) ? value.slice(0, 60).replace(/_+$/, '') : value ? `api_${value}`.slice(0, 60) : '';
}

export { record };

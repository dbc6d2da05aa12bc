import type { AuthMode } from '../definition/auth-modes';
import { isDeclaredHost } from '../definition/hosts';
import type { ProviderDefinition } from '../definition/provider';
import { matchesParamPattern, placeholdersIn } from '../definition/url-templates';
import { resolveEndpoint } from './endpoint-template';

/** Longest value a parameter may have: a DNS name's limit, ample for tenant ids and account ids. */
export const MAX_CONNECTION_PARAM_LENGTH = 253;
const MAX_CONNECTION_PARAMS = 20;
/**
 * Applied to an endpoint placeholder whose definition declares no pattern: one path segment or
 * host label of letters, digits, `.`, `_` and `-`, never starting with a dot.
 */
const DEFAULT_SEGMENT_PATTERN = '[A-Za-z0-9_-][A-Za-z0-9._-]*';

export interface ParamProblem {
  /** The parameter at fault, for the `field` of a 4xx. */
  param: string;
  message: string;
}

export type ParamResult<T> = { ok: true; value: T } | { ok: false; problem: ParamProblem };

/** The endpoints a mode calls before a connection exists: where consent starts and tokens are issued. */
function endpointTemplates(mode: AuthMode): string[] {
  switch (mode.type) {
    case 'oauth2_authorization_code':
      return [mode.authorizeUrl, mode.tokenUrl, ...(mode.refreshUrl ? [mode.refreshUrl] : [])];
    case 'oauth2_implicit':
      return [mode.authorizeUrl];
    case 'oauth2_client_credentials':
    case 'oauth2_jwt_bearer':
      return [mode.tokenUrl];
    default:
      return [];
  }
}

/**
 * The admin-supplied parameters a mode's authorize and token endpoints name: `tenant` for
 * `login.microsoftonline.com/{tenant}/…`, `accountHost` for NetSuite. `{client_id}` is the
 * OAuth client's, filled by the revocation code.
 */
export function modeParamNames(provider: ProviderDefinition, mode: AuthMode): string[] {
  const names = endpointTemplates(mode)
    .flatMap(placeholdersIn)
    .filter((name) => name !== 'client_id' && provider.connectionParams[name]?.source === 'admin');
  return [...new Set(names)];
}

/**
 * Checks the parameters an admin gave for connecting with a mode: only names the provider
 * declares as admin-supplied, each bounded and matching its declared pattern (endpoint
 * placeholders without one get a single-segment pattern), and every one the mode's endpoints
 * need present. The first problem is returned, naming the parameter.
 */
export function checkModeParams(provider: ProviderDefinition, mode: AuthMode, given: Readonly<Record<string, unknown>>): ParamResult<Record<string, string>> {
  const entries = Object.entries(given);
  if (entries.length > MAX_CONNECTION_PARAMS) return problem('params', `at most ${MAX_CONNECTION_PARAMS} parameters`);
  const inEndpoints = new Set(modeParamNames(provider, mode));
  const checked: Record<string, string> = {};
  for (const [name, value] of entries) {
    const declared = provider.connectionParams[name];
    if (!declared || declared.source !== 'admin') {
      const known = Object.entries(provider.connectionParams)
        .filter(([, param]) => param.source === 'admin')
        .map(([known]) => known);
      return problem(name, `${provider.id} takes no parameter "${name}"${known.length > 0 ? `; it takes ${known.join(', ')}` : ''}`);
    }
    const refused = valueProblem(name, declared, value, inEndpoints.has(name));
    if (refused) return refused;
    checked[name] = value as string;
  }
  const missing = [...inEndpoints].find((name) => checked[name] === undefined);
  if (missing !== undefined) return problem(missing, `is required for ${mode.id}: ${provider.connectionParams[missing]?.description ?? ''}`.trim());
  return { ok: true, value: checked };
}

/**
 * The connection parameters an OAuth redirect carries beside the code (QuickBooks' `realmId`,
 * the company the user picked on the consent screen): each declared with source `redirect`,
 * bounded and matching its pattern (one path segment when it declares none, since it is
 * placed in a server URL). Absent ones are left out; a malformed one is a problem naming it.
 */
export function redirectParams(provider: ProviderDefinition, query: Readonly<Record<string, unknown>>): ParamResult<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const [name, declared] of Object.entries(provider.connectionParams)) {
    if (declared.source !== 'redirect') continue;
    const value = query[name];
    if (value === undefined) continue;
    // Placed in a server URL (`/v3/company/{realmId}`): one path segment unless it declares a pattern.
    const refused = valueProblem(name, declared, value, true);
    if (refused) return refused;
    found[name] = value as string;
  }
  return { ok: true, value: found };
}

/**
 * What is wrong with one parameter value, if anything: bounded and matching its declared
 * pattern; placed in a URL (`inUrl`), one path segment by default and never a dot segment,
 * which URL parsing would normalize away and so move the request up the path.
 */
function valueProblem(name: string, declared: ProviderDefinition['connectionParams'][string], value: unknown, inUrl: boolean): ParamResult<never> | undefined {
  if (typeof value !== 'string' || value.length === 0) return problem(name, 'must be a non-empty string');
  if (value.length > MAX_CONNECTION_PARAM_LENGTH) return problem(name, `must be at most ${MAX_CONNECTION_PARAM_LENGTH} characters`);
  const pattern = declared.pattern ?? (inUrl ? DEFAULT_SEGMENT_PATTERN : undefined);
  if (pattern !== undefined && !matchesParamPattern(pattern, value)) return problem(name, `does not look like ${describe(declared.example)}`);
  if (inUrl && /^\.+$/.test(value)) return problem(name, 'must not be a dot segment');
  return undefined;
}

/**
 * Fills a per-tenant endpoint template and checks where the result points: https on a host
 * the provider declares (`login.microsoftonline.com`, `*.suitetalk.api.netsuite.com`), or, for
 * an endpoint the operator replaced (a simulator), that replacement's own host. Anything else
 * is refused, so an admin-typed value can never aim the token request at another server.
 */
export function resolveTenantEndpoint(
  provider: ProviderDefinition,
  template: string,
  params: Readonly<Record<string, string>>,
  options: { operatorTemplate?: boolean } = {},
): ParamResult<string> {
  const filled = resolveEndpoint(template, params);
  if (!filled.ok) return problem(filled.missing, `is required: the endpoint ${template} names it`);
  let url: URL;
  try {
    url = new URL(filled.url);
  } catch {
    return problem(blamed(template, params), `makes ${template} an invalid URL`);
  }
  // Filling must not change the path's shape: no segment may collapse under normalization.
  if (!filled.url.toLowerCase().startsWith(`${url.protocol}//${url.host}`) || /\/\.{1,2}(?=\/|$|\?)/.test(filled.url)) {
    return problem(blamed(template, params), `moves the endpoint ${template} off its path`);
  }
  const allowed = options.operatorTemplate
    ? url.hostname === templateHost(template)
    : url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && isDeclaredHost(provider.hosts, url.hostname);
  if (!allowed) return problem(blamed(template, params), `points the endpoint at ${url.hostname}, which is not a ${provider.name} host`);
  return { ok: true, value: url.toString() };
}

function templateHost(template: string): string | undefined {
  try {
    return new URL(template.replace(/\{[^}]+\}/g, 'placeholder')).hostname;
  } catch {
    return undefined;
  }
}

/** The parameter to name when a filled endpoint is refused: the first one the template uses. */
function blamed(template: string, params: Readonly<Record<string, string>>): string {
  return placeholdersIn(template).find((name) => params[name] !== undefined) ?? 'params';
}

function describe(example: string): string {
  return `the documented form (e.g. ${example})`;
}

const problem = <T>(param: string, message: string): ParamResult<T> => ({ ok: false, problem: { param, message } });

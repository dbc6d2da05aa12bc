import type { ActionDefinition } from '../definition/action';
import type { HttpAuthMode } from '../definition/auth-modes';
import type { ProviderDefinition } from '../definition/provider';
import { matchesParamPattern } from '../definition/url-templates';
import { actionError } from './action-error';
import { injectCredential } from './auth-injection';
import type { CursorState } from './pagination-cursor';
import { renderTemplate } from './render-template';
import type { ActionError, ConnectionContext, Credential, UpstreamRequest } from './types';

export interface RequestPlan {
  request: UpstreamRequest;
  /** The offset this page starts at, for offset paging. */
  offset: number;
}

export type BuildOutcome = { ok: true; plan: RequestPlan } | { ok: false; error: ActionError };

const PLACEHOLDER = /\{(\+?)([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function buildRequest(args: {
  provider: ProviderDefinition;
  action: ActionDefinition;
  mode: HttpAuthMode;
  input: Record<string, unknown>;
  credential: Credential;
  connection: ConnectionContext;
  cursor?: CursorState;
}): BuildOutcome {
  const { provider, action, mode, input, credential, connection, cursor } = args;
  const base = resolveServerUrl(provider, action.server ?? mode.server ?? 'default', connection);
  if (!base.ok) return base;

  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(provider.defaultHeaders ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, template] of Object.entries(action.http.headers ?? {})) {
    const value = renderTemplate(template, input);
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  }

  // URL-following styles: the vendor's next link already encodes every parameter.
  if (cursor && (cursor.style === 'next_url' || cursor.style === 'link_header')) {
    const followed = followUrl(String(cursor.value), base.url);
    if (!followed) {
      return { ok: false, error: actionError('invalid_input', 'cursor points outside this connection', { field: action.pagination?.cursorInput }) };
    }
    const request: UpstreamRequest = { method: 'GET', url: followed.toString(), headers };
    injectCredential(mode, credential, request);
    return { ok: true, plan: { request, offset: 0 } };
  }

  const url = new URL(base.url + expandPath(action.http.path, input));
  for (const [name, template] of Object.entries(action.http.query ?? {})) {
    const value = renderTemplate(template, input);
    if (value !== undefined) url.searchParams.set(name, queryValue(value));
  }
  if (action.http.queryFromObject) {
    const extra = input[action.http.queryFromObject];
    if (extra && typeof extra === 'object') {
      for (const [name, value] of Object.entries(extra)) if (value !== undefined) url.searchParams.set(name, queryValue(value));
    }
  }

  let body = action.http.body ? renderTemplate(action.http.body.value, input) : undefined;
  let offset = 0;
  if (cursor && action.pagination && 'request' in action.pagination) {
    const param = 'name' in action.pagination.request ? action.pagination.request.name : action.pagination.request.offsetParam;
    if (typeof cursor.value === 'number') offset = cursor.value;
    if (action.pagination.request.in === 'query') url.searchParams.set(param, String(cursor.value));
    else body = withBodyValue(body, param, cursor.value);
  }

  const request: UpstreamRequest = { method: action.http.method, url: url.toString(), headers };
  if (body !== undefined && action.http.body) {
    if (action.http.body.encoding === 'json') {
      request.body = JSON.stringify(body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    } else {
      request.body = formEncode(body);
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
  }
  injectCredential(mode, credential, request);
  return { ok: true, plan: { request, offset } };
}

/** Fills a server URL template from the connection; a missing value is a setup problem. */
export function resolveServerUrl(
  provider: ProviderDefinition,
  serverName: string,
  connection: ConnectionContext,
): { ok: true; url: string } | { ok: false; error: ActionError } {
  const template = connection.serverOverrides?.[serverName] ?? provider.servers[serverName]?.url;
  if (!template) return { ok: false, error: actionError('internal', `${provider.name} has no server "${serverName}"`) };
  let missing: string | undefined;
  let malformed: string | undefined;
  const url = template.replace(PLACEHOLDER, (_match, _plus: string, name: string) => {
    const value = connection.params?.[name];
    if (value === undefined || value === '') missing ??= name;
    // A value placed in a host name must fit its pattern, or it could end the host early.
    const pattern = provider.connectionParams[name]?.pattern;
    if (value && pattern !== undefined && !matchesParamPattern(pattern, value)) malformed ??= name;
    return value ?? '';
  });
  if (missing) {
    return {
      ok: false,
      error: actionError('connection_required', `the ${provider.name} connection lacks "${missing}"; finish connecting it before calling this action`),
    };
  }
  if (malformed) {
    return {
      ok: false,
      error: actionError('connection_required', `the ${provider.name} connection's "${malformed}" is not a valid value; fix the connection`),
    };
  }
  try {
    return { ok: true, url: new URL(url).toString().replace(/\/$/, '') };
  } catch {
    return { ok: false, error: actionError('connection_required', `the ${provider.name} connection has an invalid base URL`) };
  }
}

function expandPath(path: string, input: Record<string, unknown>): string {
  return path.replace(PLACEHOLDER, (_match, plus: string, name: string) => {
    const value = String(input[name]);
    // `{+path}` keeps the slashes of a multi-segment value but still encodes each segment.
    return plus ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
}

/** Vendor next-page URLs are followed only on the connection's own origin. */
function followUrl(target: string, baseUrl: string): URL | undefined {
  try {
    const base = new URL(baseUrl);
    const resolved = new URL(target, base.origin);
    return resolved.origin === base.origin ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A copy of the body with `value` at a dot path, creating the objects on the way: a GraphQL
 * body pages through `variables.after`, not a top-level key.
 */
export function withBodyValue(body: unknown, path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = { ...(isPlainObject(body) ? body : {}) };
  const segments = path.split('.');
  let parent = root;
  segments.slice(0, -1).forEach((segment) => {
    const child = parent[segment];
    const copy: Record<string, unknown> = { ...(isPlainObject(child) ? child : {}) };
    parent[segment] = copy;
    parent = copy;
  });
  parent[segments[segments.length - 1] as string] = value;
  return root;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Arrays become comma lists (Jira `fields`, GitHub `labels`, Slack `types`). */
function queryValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Nested values go in as JSON strings, which is how Slack reads `blocks` in a form body. */
function formEncode(body: unknown): string {
  const form = new URLSearchParams();
  if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body)) {
      form.set(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
    }
  }
  return form.toString();
}

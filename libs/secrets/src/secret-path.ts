import { InvalidSecretPathError } from './errors';

/**
 * Secret paths look like `tenants/{tenantId}/connections/{connectionId}`. Segments are limited
 * to characters that are safe in a URL path, a file name and a Vault policy glob, so a tenant id
 * can never climb out of its own subtree (`..`) or smuggle in query or glob syntax.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_SEGMENT_LENGTH = 128;
const MAX_PATH_LENGTH = 512;

/** Validates a path to a secret and returns it unchanged. */
export function assertSecretPath(path: string): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidSecretPathError(String(path ?? ''), undefined, 'the path is empty or not a string');
  }
  assertSegments(path, path);
  return path;
}

/**
 * Validates a list prefix: `''` is the root, and a trailing `/` is accepted (Vault's own
 * spelling of a folder). Returns the prefix without the trailing `/`.
 */
export function normalizeListPrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new InvalidSecretPathError(String(prefix), undefined, 'not a string');
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (trimmed.length > 0) assertSegments(prefix, trimmed);
  return trimmed;
}

function assertSegments(original: string, path: string): void {
  if (path.length > MAX_PATH_LENGTH) {
    throw new InvalidSecretPathError(original, undefined, `longer than ${MAX_PATH_LENGTH} characters`);
  }
  path.split('/').forEach((segment, index) => {
    const problem = segmentProblem(segment);
    if (problem) throw new InvalidSecretPathError(original, shorten(segment), `segment ${index + 1} ${problem}`);
  });
}

/** Why a segment is unacceptable, or undefined when it is fine. */
function segmentProblem(segment: string): string | undefined {
  if (segment.length === 0) return "is empty (leading, trailing or doubled '/')";
  if (segment === '.' || segment === '..') return `is ${JSON.stringify(segment)}, which would leave the path`;
  if (segment.length > MAX_SEGMENT_LENGTH) return `is longer than ${MAX_SEGMENT_LENGTH} characters`;
  if (!SEGMENT.test(segment)) {
    return `${JSON.stringify(shorten(segment))} may only hold letters, digits, '_', '-' and '.' (not first)`;
  }
  return undefined;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** One caller-supplied id used as a single segment; the error names the argument. */
function segment(name: string, value: string): string {
  const problem = typeof value === 'string' ? segmentProblem(value) : 'is not a string';
  if (problem) {
    const shown = typeof value === 'string' ? value : String(value);
    throw new InvalidSecretPathError(shown, shorten(shown), `${name} ${problem}`);
  }
  return value;
}

/** The one place that decides where each kind of credential lives. */
export const secretPath = {
  /** Everything a tenant owns; a list or cleanup prefix. */
  tenant: (tenantId: string) => `tenants/${segment('tenantId', tenantId)}`,
  /** A connection's credentials: OAuth access and refresh tokens, API keys. */
  connection: (tenantId: string, connectionId: string) => `tenants/${segment('tenantId', tenantId)}/connections/${segment('connectionId', connectionId)}`,
  /** A tenant's own OAuth client (id and secret) for a provider. */
  oauthApp: (tenantId: string, provider: string) => `tenants/${segment('tenantId', tenantId)}/oauth-apps/${segment('provider', provider)}`,
} as const;

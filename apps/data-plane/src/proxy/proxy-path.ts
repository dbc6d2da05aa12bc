/**
 * Where a raw proxy call goes: the connection's base URL plus the path the agent sent, and
 * never anywhere outside that base path.
 *
 * The agent's path arrives raw (still percent-encoded) and is normalised once, here:
 * both `/` and `\` separate segments (WHATWG URL parsing turns `\` into `/` for http(s)),
 * each segment is percent-decoded once, and a segment that is still a separator, a dot
 * segment or a percent-encoding after that decode is refused rather than repaired — no real
 * API path needs `..`, `%2F` inside a segment or double encoding, and guessing what the agent
 * meant is how `..\oauth` once left `/api`. The segments are re-encoded canonically and the
 * URL is built; then the final URL's origin and path are checked against the base, so a
 * parser surprise we did not think of still cannot leave it.
 */

export type ProxyTarget = { ok: true; url: URL } | { ok: false; reason: string };

/** Characters RFC 3986 allows unencoded in a path segment (pchar); everything else is encoded. */
const PCHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

export function proxyTarget(base: string, rawPath: string, query: string): ProxyTarget {
  let baseUrl: URL;
  try {
    baseUrl = new URL(base);
  } catch {
    return refuse('the connection has no valid base URL');
  }
  const segments: string[] = [];
  for (const raw of rawPath.split(/[/\\]/)) {
    const segment = decodeOnce(raw);
    if (segment === undefined) return refuse('malformed percent-encoding');
    if (/[/\\]/.test(segment)) return refuse('encoded path separators are not allowed');
    if (segment === '.' || segment === '..') return refuse('dot segments are not allowed');
    if (/%[0-9a-f]{2}/i.test(segment)) return refuse('double percent-encoding is not allowed');
    if (/[\x00-\x1f\x7f]/.test(segment)) return refuse('control characters are not allowed');
    segments.push(encodeSegment(segment));
  }

  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  const url = new URL(baseUrl.origin);
  url.pathname = `${basePath}/${segments.join('/')}`;
  if (query) url.search = `?${query}`;

  // The check that matters: whatever the steps above missed, the result stays under the base.
  if (url.origin !== baseUrl.origin || !url.pathname.startsWith(`${basePath}/`)) return refuse("the path leaves the connection's base path");
  return { ok: true, url };
}

function refuse(why: string): ProxyTarget {
  return { ok: false, reason: `path: ${why}` };
}

function decodeOnce(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function encodeSegment(segment: string): string {
  let out = '';
  for (const char of segment) {
    out += PCHAR.test(char) ? char : encodeURIComponent(char);
  }
  return out;
}

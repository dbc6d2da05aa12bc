import { proxyTarget } from './proxy-path';

const SLACK = 'https://slack.com/api';

function target(path: string, query = '', base = SLACK): URL {
  const result = proxyTarget(base, path, query);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.url;
}

function refusal(path: string, base = SLACK): string {
  const result = proxyTarget(base, path, '');
  if (result.ok) throw new Error(`expected a refusal, got ${result.url.href}`);
  return result.reason;
}

/** mulberry32: a small seeded generator, so a failing case is reproducible from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pieces traversals are made of, in the encodings servers and parsers have been fooled by. */
const PIECES = [
  '..',
  '.',
  '/',
  '\\',
  '%2e',
  '%2E',
  '%2e%2e',
  '.%2e',
  '%2e.',
  '%252e',
  '%252e%252e',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%252f',
  '%255c',
  '%c0%ae',
  '%c0%af',
  '%e0%80%ae',
  '%',
  '%zz',
  '%00',
  '\t',
  ';',
  '..;',
  '~',
  ':',
  '@',
  '%3f',
  '%23',
  'é',
  '%C3%A9',
  ' ',
  '%20',
  'oauth',
  'v2',
  'authorize',
  'chat.postMessage',
  'a',
  'b',
];

function generatedPath(next: () => number): string {
  const length = 1 + Math.floor(next() * 12);
  let path = '';
  for (let i = 0; i < length; i++) path += PIECES[Math.floor(next() * PIECES.length)];
  return path;
}

/** How a server that decodes each segment once would see the path below the base. */
function decodedSegmentsBelow(url: URL, basePath: string): string[] {
  return url.pathname
    .slice(basePath.length + 1)
    .split('/')
    .map((segment) => decodeURIComponent(segment));
}

describe('proxyTarget', () => {
  it('appends the path and the query to the connection base URL', () => {
    expect(target('chat.postMessage', 'channel=C1&x=%2F').href).toBe('https://slack.com/api/chat.postMessage?channel=C1&x=%2F');
    expect(target('rest/api/3/issue/ABC-1', '', 'https://acme.atlassian.net/').href).toBe('https://acme.atlassian.net/rest/api/3/issue/ABC-1');
    expect(target('services/data/v59.0/sobjects/Account/001').pathname).toBe('/api/services/data/v59.0/sobjects/Account/001');
  });

  it('keeps encoded characters an API needs, encoded canonically', () => {
    expect(target('files/a%20b').pathname).toBe('/api/files/a%20b');
    expect(target('v1/projects/p:run').pathname).toBe('/api/v1/projects/p:run');
    expect(target('users/%C3%A9').pathname).toBe('/api/users/%C3%A9');
  });

  it('refuses the backslash traversal that reached Slack outside /api', () => {
    expect(refusal('..\\oauth\\v2\\authorize')).toBe('path: dot segments are not allowed');
    expect(refusal('..%5coauth%5cv2%5cauthorize')).toMatch(/^path: /);
  });

  it.each([
    ['../oauth/v2/authorize', 'dot segments'],
    ['./x', 'dot segments'],
    ['%2e%2e/oauth', 'dot segments'],
    ['.%2E/oauth', 'dot segments'],
    ['a/%2e%2e%2f%2e%2e%2foauth', 'encoded path separators'],
    ['a%5c..%5coauth', 'encoded path separators'],
    ['%252e%252e/oauth', 'double percent-encoding'],
    ['%zz', 'malformed percent-encoding'],
    ['%c0%ae%c0%ae/oauth', 'malformed percent-encoding'],
    ['a%00b', 'control characters'],
  ])('refuses %s (%s)', (path, why) => {
    expect(refusal(path)).toContain(why);
  });

  it('keeps every generated path under the base path, as parsed and as decoded once more by a server', () => {
    for (const base of [SLACK, 'https://acme.atlassian.net', 'http://127.0.0.1:5100/slack/api/']) {
      const baseUrl = new URL(base);
      const basePath = baseUrl.pathname.replace(/\/+$/, '');
      for (let seed = 1; seed <= 5000; seed++) {
        const path = generatedPath(random(seed));
        const result = proxyTarget(base, path, '');
        if (!result.ok) continue;
        const seen = new URL(result.url.href);
        const context = `seed ${seed}, base ${base}, path ${JSON.stringify(path)} -> ${result.url.href}`;
        expect({ context, origin: seen.origin }).toEqual({ context, origin: baseUrl.origin });
        expect({ context, under: seen.pathname.startsWith(`${basePath}/`) }).toEqual({ context, under: true });
        // A server that percent-decodes segments (or treats `\` as `/`) finds no way up either.
        for (const segment of decodedSegmentsBelow(seen, basePath)) {
          expect({ context, bad: /[/\\]/.test(segment) || segment === '.' || segment === '..' }).toEqual({ context, bad: false });
        }
      }
    }
  });

  it('accepts most harmless generated paths (the property is not met by refusing everything)', () => {
    let accepted = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const path = Array.from({ length: 1 + Math.floor(next() * 5) }, () => ['a', 'v2', 'chat.postMessage', '%20', 'é', '~', ':'][Math.floor(next() * 7)]).join(
        '/',
      );
      if (proxyTarget(SLACK, path, '').ok) accepted++;
    }
    expect(accepted).toBe(500);
  });
});

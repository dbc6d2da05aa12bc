import { ControlPlaneHarness } from './support/control-plane-harness';

const INTROSPECTION = '{ __schema { queryType { name } } }';

/**
 * The console page and schema introspection: the page may not be framed and runs no inline
 * script; introspection is open in the embedded default and, in production mode, only for
 * callers with a valid access token.
 */
describe('GraphQL console page and introspection', () => {
  describe('in the embedded default', () => {
    const cp = new ControlPlaneHarness();
    beforeAll(() => cp.start(), 60_000);
    afterAll(() => cp.stop(), 30_000);

    it('serves GET /graphql to a browser under a CSP that forbids framing and inline scripts', async () => {
      for (const path of ['/graphql', '/console']) {
        const page = await fetch(`${cp.url}${path}`, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        const csp = page.headers.get('content-security-policy') ?? '';
        expect({ path, frameAncestors: /frame-ancestors 'none'/.test(csp), scriptSrc: /script-src 'self'(;|$)/.test(csp) }).toEqual({
          path,
          frameAncestors: true,
          scriptSrc: true,
        });
        expect(page.headers.get('x-frame-options')).toBe('DENY');
        // Under script-src 'self' an inline script would not run: the page has none.
        expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      }
    });

    it('answers introspection without a token', async () => {
      const answer = await cp.gql(INTROSPECTION);
      expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  describe('in production mode', () => {
    const cp = new ControlPlaneHarness({ config: { CAUSEWAY_MODE: 'production' } });
    beforeAll(() => cp.start(), 60_000);
    afterAll(() => cp.stop(), 30_000);

    it('refuses introspection to a caller without a valid token', async () => {
      for (const token of [undefined, 'not-a-token']) {
        const answer = await cp.gql(INTROSPECTION, {}, token);
        expect({ status: answer.status, code: answer.errors?.[0]?.extensions?.code, data: answer.data }).toEqual({
          status: 401,
          code: 'INTROSPECTION_DISABLED',
          data: undefined,
        });
      }
      const viaType = await cp.gql('{ __type(name: "Query") { name } }');
      expect(viaType.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    });

    it('answers introspection to a signed-in caller, and ordinary operations as before', async () => {
      const token = await cp.operatorToken();
      expect((await cp.gql(INTROSPECTION, {}, token)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await cp.gql('{ me { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
});

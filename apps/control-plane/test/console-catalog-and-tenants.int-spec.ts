import { ControlPlaneHarness } from './support/control-plane-harness';

const PROVIDERS = `{ providers { id name description docsUrl actionCount toolScopes params { name description example }
  authModes { id label type connectWith credentialFields needsOAuthApp oauthAppConfigured docsUrl } } }`;
type Provider = {
  id: string;
  actionCount: number;
  toolScopes: string[];
  params: { name: string; example: string }[];
  authModes: { id: string; type: string; connectWith: string; credentialFields: string[]; needsOAuthApp: boolean; oauthAppConfigured: boolean }[];
};
const TENANTS = `query($first: Int, $after: String) { tenants(first: $first, after: $after) { edges { cursor node { id slug name status } } pageInfo { hasNextPage endCursor } } }`;
type Tenants = { tenants: { edges: { node: { slug: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('what the console reads: the provider catalog and, for operators, the tenants', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let globex: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('cat-acme');
    globex = await cp.tenantWithOwner('cat-globex');
  }, 60_000);
  afterAll(() => cp.stop(), 30_000);

  const providers = async (token: string) => (await cp.ok<{ providers: Provider[] }>(PROVIDERS, {}, token)).providers;

  describe('providers', () => {
    it('lists the catalog with what each auth mode needs: an OAuth app, or the fields of a credential form', async () => {
      const list = await providers(acme.token);
      const slack = list.find((p) => p.id === 'slack')!;
      expect(slack.actionCount).toBeGreaterThan(0);
      const consent = slack.authModes.find((m) => m.type === 'oauth2_authorization_code')!;
      expect(consent).toMatchObject({ connectWith: 'oauth_consent', credentialFields: [], needsOAuthApp: true, oauthAppConfigured: false });

      const bamboo = list.find((p) => p.id === 'bamboohr')!;
      expect(bamboo.authModes.find((m) => m.type === 'basic')).toMatchObject({
        connectWith: 'credential_form',
        credentialFields: ['username', 'password'],
        needsOAuthApp: false,
      });
      // An admin-supplied parameter (the company subdomain) is part of the form.
      expect(bamboo.params).toEqual([expect.objectContaining({ name: 'companyDomain', example: 'acme' })]);
      expect(
        list
          .flatMap((p) => p.authModes)
          .filter((m) => m.type === 'api_key' || m.type === 'bearer_token')
          .every((m) => m.credentialFields.join() === 'token'),
      ).toBe(true);
    });

    it("suggests the scopes the provider's tools need, so a consent asks for some (Slack refuses none)", async () => {
      const list = await providers(acme.token);
      const slack = list.find((p) => p.id === 'slack')!;
      expect(slack.toolScopes).toEqual(expect.arrayContaining(['chat:write', 'channels:read']));
      expect(slack.toolScopes).toEqual([...new Set(slack.toolScopes)].sort());
      // A provider whose tools name no scopes (token-authenticated) suggests none.
      expect(list.find((p) => p.id === 'circleci')!.toolScopes).toEqual([]);
    });

    it('says an OAuth app is configured only in the tenant that configured it', async () => {
      await cp.ok(
        'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
        { i: { provider: 'slack', clientId: 'acme-client', clientSecret: 'acme-secret-value' } },
        acme.token,
      );
      const configured = (token: string) =>
        providers(token).then((list) => list.find((p) => p.id === 'slack')!.authModes.find((m) => m.needsOAuthApp)!.oauthAppConfigured);
      expect(await configured(acme.token)).toBe(true);
      expect(await configured(globex.token)).toBe(false);
    });

    it('needs read:Connection: an auditor is FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
      const auditor = await cp.member(acme.token, 'cat-acme', 'auditor');
      expect((await cp.gql(PROVIDERS, {}, auditor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await cp.gql(PROVIDERS, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('tenants', () => {
    it('pages through every tenant for an operator, oldest first', async () => {
      const operator = await cp.operatorToken();
      const first = await cp.ok<Tenants>(TENANTS, { first: 1 }, operator);
      const slugs = first.tenants.edges.map((e) => e.node.slug);
      expect(first.tenants.pageInfo.hasNextPage).toBe(true);
      let after = first.tenants.pageInfo.endCursor;
      while (after) {
        const page = await cp.ok<Tenants>(TENANTS, { first: 1, after }, operator);
        slugs.push(...page.tenants.edges.map((e) => e.node.slug));
        after = page.tenants.pageInfo.hasNextPage ? page.tenants.pageInfo.endCursor : null;
      }
      expect(slugs.indexOf('cat-acme')).toBeGreaterThanOrEqual(0);
      expect(slugs.indexOf('cat-acme')).toBeLessThan(slugs.indexOf('cat-globex'));
      expect(new Set(slugs).size).toBe(slugs.length);
    });

    it("is for operators only: a tenant owner is FORBIDDEN (one tenant never sees another's name)", async () => {
      const answer = await cp.gql<Tenants>(TENANTS, {}, acme.token);
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(answer.data?.tenants ?? null).toBeNull();
    });

    it('refuses a page size out of bounds or a forged cursor with INVALID_INPUT naming the argument', async () => {
      const operator = await cp.operatorToken();
      for (const [variables, field] of [
        [{ first: 0 }, 'first'],
        [{ first: 101 }, 'first'],
        [{ after: 'not-a-cursor' }, 'after'],
      ] as const) {
        const answer = await cp.gql(TENANTS, variables, operator);
        expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
        expect(answer.errors?.[0]?.message).toContain(field);
      }
    });
  });

  describe('the lists the console pages through', () => {
    /** Follows endCursor with one item per page; at most `limit` pages, so a cursor that repeats fails rather than hangs. */
    const pageAll = async (field: 'apiKeys' | 'users', limit = 10) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < limit; i++) {
        const page: { [k: string]: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await cp.ok(
          `query($after: String) { ${field}(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after },
          acme.token,
        );
        ids.push(...page[field].edges.map((e) => e.node.id));
        if (!page[field].pageInfo.hasNextPage) return ids;
        after = page[field].pageInfo.endCursor;
      }
      return ids;
    };

    it('gives each API key and member once, one per page (cursors hold milliseconds, Postgres microseconds)', async () => {
      for (const name of ['one', 'two', 'three']) {
        await cp.ok('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }', { i: { name, scopes: ['call:Tool'] } }, acme.token);
      }
      const keys = await pageAll('apiKeys');
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(3);
      const users = await pageAll('users');
      expect(users.length).toBeGreaterThanOrEqual(2);
      expect(new Set(users).size).toBe(users.length);
    });
  });
});

import { ControlPlaneHarness } from './support/control-plane-harness';

/**
 * Default deny, checked over the whole schema: every operation except sign-in is refused
 * without a token, and a signed-in user without the permission is refused too.
 */
describe('GraphQL access rules', () => {
  const cp = new ControlPlaneHarness();
  let fields: { type: 'query' | 'mutation'; name: string; args: { name: string; type: string }[] }[];

  beforeAll(async () => {
    await cp.start();
    const data = await cp.ok<{ __schema: { queryType: { fields: FieldInfo[] }; mutationType: { fields: FieldInfo[] } } }>(
      `{ __schema {
          queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }
          mutationType { fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }
        } }`,
    );
    fields = [
      ...data.__schema.queryType.fields.map((f) => ({ type: 'query' as const, name: f.name, args: f.args.map(argInfo) })),
      ...data.__schema.mutationType.fields.map((f) => ({ type: 'mutation' as const, name: f.name, args: f.args.map(argInfo) })),
    ];
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const publicOperations = ['login', 'logout', 'refreshSession', 'acceptInvitation', 'resetPassword'];

  it('is protected: every operation but sign-in answers UNAUTHENTICATED without a token', async () => {
    const open: string[] = [];
    for (const field of fields.filter((f) => !publicOperations.includes(f.name))) {
      const result = await cp.gql(operationFor(field));
      const code = result.errors?.[0]?.extensions?.code;
      if (code !== 'UNAUTHENTICATED') open.push(`${field.name}: ${code ?? 'no error'}`);
    }
    expect(open).toEqual([]);
  });

  it('is protected: a viewer is FORBIDDEN every mutation that changes the tenant', async () => {
    const acme = await cp.tenantWithOwner('access-acme');
    const viewer = await cp.member(acme.token, 'access-acme', 'viewer');
    const writes = fields.filter((f) => f.type === 'mutation' && !publicOperations.includes(f.name) && f.name !== 'switchTenant');
    const allowed: string[] = [];
    for (const field of writes) {
      const result = await cp.gql(operationFor(field), {}, viewer.token);
      const code = result.errors?.[0]?.extensions?.code;
      if (code !== 'FORBIDDEN') allowed.push(`${field.name}: ${code ?? 'no error'}`);
    }
    expect(allowed).toEqual([]);
  });

  it('lets only platform operators create tenants', async () => {
    const acme = await cp.tenantWithOwner('access-owner-only');
    const result = await cp.gql('mutation { createTenant(input: { slug: "sneaky", name: "S", adminEmail: "s@s.test" }) { tenant { id } } }', {}, acme.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a stable code and names the field for bad input', async () => {
    const operator = await cp.operatorToken();
    const result = await cp.gql('mutation { createTenant(input: { slug: "Not A Slug", name: "x", adminEmail: "a@b.test" }) { tenant { id } } }', {}, operator);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'slug' });
  });

  it('refuses operations that are too complex, while the console can still introspect deeply', async () => {
    const acme = await cp.tenantWithOwner('access-limits');
    // The depth limit ignores introspection, which GraphiQL needs nine levels deep.
    const introspection = await cp.gql('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }', {}, acme.token);
    expect(introspection.errors).toBeUndefined();
    // Pages multiply their items' cost: six pages of 100 events are over the limit (graphql-limits.int-spec.ts has the rest).
    const tooWide = await cp.gql(`{ ${[1, 2, 3, 4, 5, 6].map((i) => `p${i}: auditEvents(first: 100) { edges { node { id } } }`).join(' ')} }`, {}, acme.token);
    expect(tooWide.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('serves the console page from local assets, not a CDN', async () => {
    const page = await fetch(`${cp.url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('/console/assets/graphiql.min.js');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    const script = await fetch(`${cp.url}/console/assets/graphiql.min.js`);
    expect(script.status).toBe(200);
  });
});

interface FieldInfo {
  name: string;
  args: { name: string; type: TypeRef }[];
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType?: TypeRef | null;
}

function argInfo(arg: { name: string; type: TypeRef }) {
  return { name: arg.name, type: render(arg.type) };
}

function render(type: TypeRef): string {
  if (type.kind === 'NON_NULL') return `${render(type.ofType!)}!`;
  if (type.kind === 'LIST') return `[${render(type.ofType!)}]`;
  return type.name!;
}

/** A syntactically valid call with placeholder arguments: the guard must refuse it before they matter. */
function operationFor(field: { type: 'query' | 'mutation'; name: string; args: { name: string; type: string }[] }): string {
  const placeholder = (type: string): string => {
    const base = type.replace(/[[\]!]/g, '');
    const value =
      base === 'String' || base === 'ID'
        ? '"00000000-0000-4000-8000-000000000000"'
        : base === 'Int'
          ? '1'
          : base === 'Boolean'
            ? 'true'
            : base === 'DateTime'
              ? '"2030-01-01T00:00:00Z"'
              : base === 'CreateTenantInput'
                ? '{ slug: "x-x", name: "x", adminEmail: "a@b.test" }'
                : base === 'CreateApiKeyInput'
                  ? '{ name: "x", scopes: ["call:Tool"] }'
                  : base === 'AddMemberInput'
                    ? '{ email: "a@b.test", role: "viewer" }'
                    : base === 'CreateRoleInput'
                      ? '{ name: "x", permissions: ["read:Tool"] }'
                      : base === 'ConfigureOAuthAppInput'
                        ? '{ provider: "slack", clientId: "x", clientSecret: "y" }'
                        : base === 'CreateConnectionInputModel'
                          ? '{ provider: "slack", name: "x", kind: "shared", token: "t" }'
                          : base === 'StartConnectionInputModel'
                            ? '{ provider: "slack", name: "x", kind: "shared" }'
                            : base === 'UploadTenantConnectorInput'
                              ? '{ slug: "x", openApiDocument: "{}" }'
                              : base === 'EventSubscriptionInput'
                                ? '{ name: "x", url: "https://agent.example.com/hook", types: ["com.github.*"] }'
                                : base === 'CreatePollingTriggerInput'
                                  ? '{ connectionId: "00000000-0000-4000-8000-000000000000", kind: "jira.issues" }'
                                  : '{}';
    return type.startsWith('[') ? `[${value}]` : value;
  };
  const args = field.args.filter((a) => a.type.endsWith('!')).map((a) => `${a.name}: ${placeholder(a.type)}`);
  const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
  return `${field.type} { ${call} { __typename } }`.replace(/\{ __typename \}/, selectionFor(field.name));
}

function selectionFor(name: string): string {
  // Scalars (Boolean results) take no selection set.
  return ['logout', 'removeMember', 'deleteRole', 'deleteConnection', 'setCredentialPolicy', 'revokeInvitation', 'resetPassword', 'replayDeadLetters'].includes(
    name,
  )
    ? ''
    : '{ __typename }';
}

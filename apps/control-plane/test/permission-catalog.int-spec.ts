import { ControlPlaneHarness } from './support/control-plane-harness';

const CATALOG = '{ permissionCatalog { subject actions } }';
const CREATE_ROLE = 'mutation($i: CreateRoleInput!) { createRole(input: $i) { permissions } }';

/**
 * The permission vocabulary the console draws its role matrix from: exactly what createRole
 * accepts, so a box the console offers is never refused and nothing grantable is missing.
 */
describe('permissionCatalog (GraphQL, on Postgres)', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let cells: string[] = [];

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('catalog-acme');
    const data = await cp.ok<{ permissionCatalog: { subject: string; actions: string[] }[] }>(CATALOG, {}, acme.token);
    cells = data.permissionCatalog.flatMap(({ subject, actions }) => actions.map((action) => `${action}:${subject}`));
  }, 60_000);
  afterAll(() => cp.stop(), 30_000);

  it('lists subjects with the actions that apply to each, without the manage shorthand', async () => {
    const data = await cp.ok<{ permissionCatalog: { subject: string; actions: string[] }[] }>(CATALOG, {}, acme.token);
    expect(data.permissionCatalog).toContainEqual({ subject: 'Approval', actions: ['read', 'approve'] });
    expect(data.permissionCatalog).toContainEqual({ subject: 'Tool', actions: ['read', 'call'] });
    expect(cells.some((cell) => cell.startsWith('manage:'))).toBe(false);
  });

  it('offers exactly what createRole accepts: every cell at once is a valid role, one more is refused', async () => {
    const all = await cp.ok<{ createRole: { permissions: string[] } }>(CREATE_ROLE, { i: { name: 'everything', permissions: cells } }, acme.token);
    expect(all.createRole.permissions).toEqual([...cells].sort());
    const beyond = await cp.gql(CREATE_ROLE, { i: { name: 'beyond', permissions: ['call:Connection'] } }, acme.token);
    expect(beyond.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    // The owner's own role holds every cell: the catalog is the whole vocabulary, not a slice of it.
    const me = await cp.ok<{ me: { permissions: string[] } }>('{ me { permissions } }', {}, acme.token);
    expect([...me.me.permissions].sort()).toEqual([...cells].sort());
  });

  it('needs read:Role: an anonymous caller is UNAUTHENTICATED', async () => {
    expect((await cp.gql(CATALOG)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

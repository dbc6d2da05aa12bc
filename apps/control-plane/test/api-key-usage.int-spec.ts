import { ControlPlaneHarness } from './support/control-plane-harness';

const USAGE = 'query($k: ID!, $d: Int) { apiKeyUsage(keyId: $k, days: $d) { day calls errors refused costUnits } }';

/**
 * The counts themselves come from the audit service and the data plane (their aggregation is
 * tested there, and end to end in test/e2e/audit-trail-graphql.e2e-spec.ts); here, on Postgres,
 * what the control plane refuses before asking either of them.
 */
describe('apiKeyUsage refusals (GraphQL, on Postgres)', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let globex: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let acmeKey = '';

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('usage-acme');
    globex = await cp.tenantWithOwner('usage-globex');
    acmeKey = await cp.apiKeyId(acme.token, { name: 'agent', scopes: ['call:Tool'] });
  }, 60_000);
  afterAll(() => cp.stop(), 30_000);

  it.each([0, 91, -1])('refuses days = %i with INVALID_INPUT naming days', async (days) => {
    const answer = await cp.gql(USAGE, { k: acmeKey, d: days }, acme.token);
    expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(answer.errors?.[0]?.message).toContain('days');
  });

  it('refuses a key id that is not a UUID with INVALID_INPUT naming keyId', async () => {
    const answer = await cp.gql(USAGE, { k: 'key-1' }, acme.token);
    expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(answer.errors?.[0]?.message).toContain('keyId');
  });

  it("answers NOT_FOUND for another tenant's key, as for a key that does not exist", async () => {
    const other = await cp.gql(USAGE, { k: acmeKey }, globex.token);
    const none = await cp.gql(USAGE, { k: '00000000-0000-4000-8000-000000000000' }, globex.token);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0]?.message).toBe(none.errors?.[0]?.message);
  });

  it('needs read:ApiKey: an auditor is FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    const auditor = await cp.member(acme.token, 'usage-acme', 'auditor');
    expect((await cp.gql(USAGE, { k: acmeKey }, auditor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await cp.gql(USAGE, { k: acmeKey })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

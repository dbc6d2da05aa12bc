import { ControlPlaneHarness } from './support/control-plane-harness';

const TRUST = 'query($k: ID!) { keyTrust(keyId: $k) { tool graduated approvedSuccesses } }';

/**
 * The trust itself is computed by the data plane (approval-gate.int-spec.ts) and shown end to
 * end in test/e2e/console-admin.e2e-spec.ts; here, on Postgres, what the control plane refuses
 * before asking it.
 */
describe('keyTrust refusals (GraphQL, on Postgres)', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let globex: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let acmeKey = '';

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('trust-acme');
    globex = await cp.tenantWithOwner('trust-globex');
    acmeKey = await cp.apiKeyId(acme.token, { name: 'agent', scopes: ['call:Tool'] });
  }, 60_000);
  afterAll(() => cp.stop(), 30_000);

  it('refuses a key id that is not a UUID with INVALID_INPUT naming keyId', async () => {
    const answer = await cp.gql(TRUST, { k: 'key-1' }, acme.token);
    expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(answer.errors?.[0]?.message).toContain('keyId');
  });

  it("answers NOT_FOUND for another tenant's key, as for a key that does not exist", async () => {
    const other = await cp.gql(TRUST, { k: acmeKey }, globex.token);
    const none = await cp.gql(TRUST, { k: '00000000-0000-4000-8000-000000000000' }, globex.token);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.errors?.[0]?.message).toBe(none.errors?.[0]?.message);
  });

  it('needs read:Policy: an auditor is FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    const auditor = await cp.member(acme.token, 'trust-acme', 'auditor');
    expect((await cp.gql(TRUST, { k: acmeKey }, auditor.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await cp.gql(TRUST, { k: acmeKey })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

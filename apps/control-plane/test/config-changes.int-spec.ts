import { ControlPlaneHarness } from './support/control-plane-harness';

/**
 * The config side channel (decision 0010): data-plane replicas read the outbox's config changes
 * after a seq, with each change's seq and entity kind, beside the Kafka stream.
 */
describe('GET /internal/config/changes', () => {
  const cp = new ControlPlaneHarness();
  let owner: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    owner = await cp.tenantWithOwner('side-channel');
  }, 60_000);
  afterAll(() => cp.stop());

  const changes = (query: string, token = cp.secrets.internalToken) =>
    fetch(`${cp.url}/internal/config/changes${query}`, { headers: { authorization: `Bearer ${token}` } });
  type Page = {
    head: string;
    more: boolean;
    changes: { seq: string; key: string; headers: Record<string, string>; event: { entity: string; entityId: string; data: { revoked?: boolean } | null } }[];
  };

  it('is refused without the internal token', async () => {
    expect((await changes('?after=0', 'not-the-token')).status).toBe(401);
  });

  it('refuses an `after` that is not a non-negative integer, naming it', async () => {
    for (const [bad, field] of [
      ['?after=-1', 'after'],
      ['?after=abc', 'after'],
      ['?after=1e3', 'after'],
      ['?after=9999999999999999999', 'after'],
      ['?other=1', 'other'],
    ]) {
      const response = await changes(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'invalid_input',
        message: expect.stringContaining(field),
      });
    }
  });

  it('answers only the head without `after`, then the changes after it in seq order with their seq and entity kind', async () => {
    const start = (await (await changes('')).json()) as Page;
    expect(start.changes).toEqual([]);
    const created = await cp.ok<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool"] }) { apiKey { id } } }',
      {},
      owner.token,
    );
    const id = created.createApiKey.apiKey.id;
    await cp.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id }, owner.token);

    const page = (await (await changes(`?after=${start.head}`)).json()) as Page;
    const ofKey = page.changes.filter((c) => c.key === id);
    expect(ofKey.map((c) => [c.headers['config-entity'], c.event.entity, c.event.data?.revoked])).toEqual([
      ['api_key', 'api_key', false],
      ['api_key', 'api_key', true],
    ]);
    expect(BigInt(ofKey[0].seq)).toBeLessThan(BigInt(ofKey[1].seq));
    expect(BigInt(page.head)).toBeGreaterThanOrEqual(BigInt(ofKey[1].seq));
    expect(page.more).toBe(false);
    expect(page.changes.every((c) => c.headers['config-entity'] === c.event.entity)).toBe(true);
  });
});

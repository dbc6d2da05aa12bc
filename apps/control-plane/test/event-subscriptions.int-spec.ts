import { eventSubscriptionSecretPath, TOPICS } from '@causeway/contracts';
import { ControlPlaneHarness } from './support/control-plane-harness';

const FIELDS = 'id name url types connectionIds subjectPrefix redact paused rotatingSecret';
const CREATE = `mutation($input: EventSubscriptionInput!) { createEventSubscription(input: $input) { subscription { ${FIELDS} } signingSecret } }`;
type Created = {
  createEventSubscription: { subscription: { id: string; url: string; paused: boolean; rotatingSecret: boolean; redact: string[] }; signingSecret: string };
};

/** A public address as an IP literal: accepted without DNS. */
const AGENT_URL = 'https://93.184.216.34/causeway-events';

describe('event subscriptions (GraphQL, on Postgres)', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let other: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('subs');
    other = await cp.tenantWithOwner('subs-other');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const create = (input: Record<string, unknown>, token = acme.token) => cp.gql<Created>(CREATE, { input }, token);
  const input = (extra: Record<string, unknown> = {}) => ({
    name: 'pr bot',
    url: AGENT_URL,
    types: ['com.github.pull_request.*'],
    redact: ['/pull_request/user/email'],
    ...extra,
  });
  const rows = async () =>
    Number((await cp.dataSourceQuery(`SELECT count(*)::int AS n FROM control_plane.event_subscriptions WHERE tenant_id = $1`, [acme.tenantId]))[0].n);
  type ConfigPayload = { entity: string; op: string; data: Record<string, unknown> | null };
  const configEvents = async (id: string): Promise<ConfigPayload[]> =>
    (await cp.dataSourceQuery(`SELECT payload FROM control_plane.outbox WHERE topic = $1 AND key = $2 ORDER BY seq`, [TOPICS.config, id])).map(
      (r: { payload: ConfigPayload }) => r.payload,
    );

  it.each([
    ['a private address', 'https://10.0.0.5/hook'],
    ['the metadata service', 'http://169.254.169.254/latest'],
    ['a URL with credentials', 'https://user:pw@93.184.216.34/hook'],
    ['another scheme', 'ftp://93.184.216.34/hook'],
  ])('refuses %s as the delivery URL with a 4xx naming the field, and writes nothing', async (_what, url) => {
    const result = await create(input({ url }));
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'url' });
    expect(await rows()).toBe(0);
  });

  it('refuses a bad type pattern or redaction pointer naming the field', async () => {
    expect((await create(input({ types: ['com.github.*.opened'] }))).errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'types' });
    expect((await create(input({ redact: ['pull_request.user'] }))).errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'redact' });
  });

  let id = '';
  let firstSecret = '';

  it('creates a subscription: the Standard Webhooks secret is shown once and kept only in the secret store; the data plane is told without it', async () => {
    const result = await create(input());
    expect(result.errors).toBeUndefined();
    const created = result.data!.createEventSubscription;
    id = created.subscription.id;
    firstSecret = created.signingSecret;
    expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.subscription).toMatchObject({ url: AGENT_URL, paused: false, rotatingSecret: false, redact: ['/pull_request/user/email'] });
    expect((await cp.secretStore.read(eventSubscriptionSecretPath(acme.tenantId, id)))?.data).toEqual({ secret: firstSecret });
    const [config] = await configEvents(id);
    expect(config).toMatchObject({ entity: 'event_subscription', op: 'upsert', data: { url: AGENT_URL, types: ['com.github.pull_request.*'], paused: false } });
    expect(JSON.stringify(await cp.dataSourceQuery(`SELECT payload FROM control_plane.outbox`))).not.toContain(firstSecret);
    const listed = await cp.gql<{ eventSubscriptions: { id: string }[] }>(`{ eventSubscriptions { id } }`, {}, acme.token);
    expect(listed.data!.eventSubscriptions.map((s) => s.id)).toEqual([id]);
  });

  it('is in the config snapshot starting data planes read', async () => {
    const response = await fetch(`${cp.url}/internal/config/snapshot`, { headers: { authorization: `Bearer ${cp.secrets.internalToken}` } });
    const { entries } = (await response.json()) as { entries: { entity: string; entityId: string; tenantId: string }[] };
    expect(entries).toContainEqual(expect.objectContaining({ entity: 'event_subscription', entityId: id, tenantId: acme.tenantId }));
  });

  it('rotates the secret with an overlap, then ends it', async () => {
    const rotated = await cp.gql<{ rotateEventSubscriptionSecret: { subscription: { rotatingSecret: boolean }; signingSecret: string } }>(
      `mutation($id: ID!) { rotateEventSubscriptionSecret(id: $id) { subscription { rotatingSecret } signingSecret } }`,
      { id },
      acme.token,
    );
    const next = rotated.data!.rotateEventSubscriptionSecret.signingSecret;
    expect(next).not.toBe(firstSecret);
    expect(rotated.data!.rotateEventSubscriptionSecret.subscription.rotatingSecret).toBe(true);
    expect((await cp.secretStore.read(eventSubscriptionSecretPath(acme.tenantId, id)))?.data).toEqual({ secret: next, previousSecret: firstSecret });
    await cp.gql(`mutation($id: ID!) { finishEventSubscriptionSecretRotation(id: $id) { id } }`, { id }, acme.token);
    expect((await cp.secretStore.read(eventSubscriptionSecretPath(acme.tenantId, id)))?.data).toEqual({ secret: next });
  });

  it('pauses, updates (re-checking the URL) and deletes, each change on the config stream', async () => {
    const paused = await cp.gql<{ setEventSubscriptionPaused: { paused: boolean } }>(
      `mutation($id: ID!) { setEventSubscriptionPaused(id: $id, paused: true) { paused } }`,
      { id },
      acme.token,
    );
    expect(paused.data!.setEventSubscriptionPaused.paused).toBe(true);
    const refused = await cp.gql(
      `mutation($id: ID!, $input: EventSubscriptionInput!) { updateEventSubscription(id: $id, input: $input) { id } }`,
      { id, input: input({ url: 'https://192.168.1.10/' }) },
      acme.token,
    );
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'url' });
    await cp.gql(`mutation($id: ID!) { deleteEventSubscription(id: $id) { id } }`, { id }, acme.token);
    // created, rotated, rotation finished, paused (the refused update wrote nothing), deleted.
    expect((await configEvents(id)).map((e) => [e.op, e.data?.paused])).toEqual([
      ['upsert', false],
      ['upsert', false],
      ['upsert', false],
      ['upsert', true],
      ['delete', undefined],
    ]);
    expect(await cp.secretStore.read(eventSubscriptionSecretPath(acme.tenantId, id))).toBeNull();
  });

  it("answers another tenant's id as unknown", async () => {
    const mine = (await create(input())).data!.createEventSubscription.subscription.id;
    const result = await cp.gql(`mutation($id: ID!) { deleteEventSubscription(id: $id) { id } }`, { id: mine }, other.token);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rows()).toBe(1);
  });
});

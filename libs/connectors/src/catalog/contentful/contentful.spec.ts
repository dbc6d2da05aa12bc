import { ManualClock, startContentfulSimulator, type ContentfulSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Entry = { sys: { id: string; version: number; publishedVersion?: number; locale?: string }; fields: Record<string, unknown> };
type Collection = { total: number; skip: number; limit: number; items: Entry[] };

describe('Contentful connector against the Contentful simulator', () => {
  let sim: ContentfulSimulator;
  let clock: ManualClock;
  let management: Credential;
  let delivery: Credential;
  let connection: ConnectionContext;
  const spaceId = 'sim0space001';
  const run = (action: string, input: Record<string, unknown>, credential: Credential = management) =>
    engineWithClock(clock).executeAction({ action, input: { spaceId, ...input }, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startContentfulSimulator({ clock, managementPerSecond: 100 });
    management = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issuePersonalAccessToken() };
    delivery = { authMode: 'delivery_api_key', kind: 'token', token: sim.control.issueDeliveryToken() };
    connection = { serverOverrides: { default: sim.url, delivery: sim.deliveryUrl } };
  });
  afterEach(() => sim.stop());

  it('pages through entries with skip/limit until total is reached', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<Collection>(
        await run('contentful.search_entries', { contentType: 'blogPost', order: 'sys.id', limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      expect(page.data.total).toBe(5);
      expect(page.data.skip).toBe(pages * 2);
      ids.push(...page.data.items.map((entry) => entry.sys.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toEqual(['post1', 'post2', 'post3', 'post4', 'post5']);
  });

  it('filters by field when the content type is given, and maps a field filter without it to upstream_invalid_request', async () => {
    const found = expectOk<Collection>(await run('contentful.search_entries', { contentType: 'blogPost', filters: { 'fields.slug': 'oauth-token-rotation' } }));
    expect(found.data.items.map((entry) => entry.sys.id)).toEqual(['post3']);
    const refused = expectError(await run('contentful.search_entries', { filters: { 'fields.slug': 'x' } }));
    expect(refused.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'InvalidQuery', field: 'fields.slug', upstreamStatus: 400 });
  });

  it('gets an entry with all locales and its version', async () => {
    const { data } = expectOk<Entry>(await run('contentful.get_entry', { entryId: 'post1' }));
    expect(data.sys).toMatchObject({ id: 'post1', version: 2, publishedVersion: 1 });
    expect(data.fields['title']).toEqual({ 'en-US': 'Launching Causeway', 'de-DE': 'Launching Causeway (DE)' });
  });

  it('creates a draft at version 1, which publishing then makes live', async () => {
    const created = expectOk<Entry>(
      await run('contentful.create_entry', { contentTypeId: 'blogPost', fields: { title: { 'en-US': 'New' }, slug: { 'en-US': 'new' } } }),
    );
    expect(created.data.sys).toMatchObject({ version: 1 });
    expect(created.data.sys.publishedVersion).toBeUndefined();
    const published = expectOk<Entry>(await run('contentful.publish_entry', { entryId: created.data.sys.id, version: 1 }));
    expect(published.data.sys).toMatchObject({ version: 2, publishedVersion: 1 });
    const live = expectOk<Entry>(await run('contentful.get_published_entry', { entryId: created.data.sys.id }, delivery));
    expect(live.data.fields).toEqual({ title: 'New', slug: 'new' });
    expect(sim.control.writeCount()).toBe(2);
  });

  it('maps a wrongly typed field to upstream_invalid_request naming its path', async () => {
    const result = expectError(await run('contentful.create_entry', { contentTypeId: 'blogPost', fields: { title: { 'en-US': 42 } } }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'ValidationFailed', field: 'fields.title.en-US', upstreamStatus: 422 });
  });

  it('updates with the current version and bumps it', async () => {
    const current = expectOk<Entry>(await run('contentful.get_entry', { entryId: 'post4' })).data;
    const updated = expectOk<Entry>(
      await run('contentful.update_entry', { entryId: 'post4', version: current.sys.version, fields: { ...current.fields, body: { 'en-US': 'Ready now.' } } }),
    );
    expect(updated.data.sys.version).toBe(current.sys.version + 1);
  });

  it('maps a stale X-Contentful-Version (409 VersionMismatch) to upstream_conflict', async () => {
    const current = expectOk<Entry>(await run('contentful.get_entry', { entryId: 'post4' })).data;
    expectOk(await run('contentful.update_entry', { entryId: 'post4', version: current.sys.version, fields: current.fields }));
    const stale = expectError(await run('contentful.update_entry', { entryId: 'post4', version: current.sys.version, fields: current.fields }));
    expect(stale.error).toMatchObject({ code: 'upstream_conflict', vendorCode: 'VersionMismatch', upstreamStatus: 409, retryable: false });
    expect(sim.control.writeCount()).toBe(1);
  });

  it('runs required-field validations on publish only', async () => {
    const draft = expectOk<Entry>(await run('contentful.create_entry', { contentTypeId: 'blogPost', fields: { title: { 'en-US': 'No slug yet' } } })).data;
    const result = expectError(await run('contentful.publish_entry', { entryId: draft.sys.id, version: draft.sys.version }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'ValidationFailed', field: 'fields.slug.en-US' });
  });

  it('deletes a draft (destructive) and refuses to delete a published entry', async () => {
    expect(expectOk(await run('contentful.delete_entry', { entryId: 'post5' })).data).toEqual({ deleted: true, entryId: 'post5' });
    expect(sim.control.space.entries.has('post5')).toBe(false);
    const refused = expectError(await run('contentful.delete_entry', { entryId: 'post1' }));
    expect(refused.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'BadRequest' });
  });

  it('reads only published content from the Delivery API, flattened to the requested locale', async () => {
    const { data } = expectOk<Collection>(
      await run('contentful.search_published_entries', { contentType: 'blogPost', locale: 'de-DE', order: 'sys.id' }, delivery),
    );
    expect(data.total).toBe(3);
    expect(data.items[0]).toMatchObject({ sys: { id: 'post1', locale: 'de-DE' }, fields: { title: 'Launching Causeway (DE)', slug: 'launching-causeway' } });
    expect(data.items[0]?.sys).not.toHaveProperty('version');
  });

  it('does not find a draft on the Delivery API', async () => {
    expect(expectError(await run('contentful.get_published_entry', { entryId: 'post4' }, delivery)).error).toMatchObject({
      code: 'upstream_not_found',
      vendorCode: 'NotFound',
    });
  });

  it('refuses a delivery action on a management connection before calling Contentful', async () => {
    const result = expectError(await run('contentful.search_published_entries', {}, management));
    expect(result.error.code).toBe('connection_required');
  });

  it('maps AccessTokenInvalid (a revoked token) to needs_reauth', async () => {
    sim.control.revokeTokens((management as { token: string }).token);
    const result = expectError(await run('contentful.get_entry', { entryId: 'post1' }));
    expect(result.error).toMatchObject({ code: 'needs_reauth', authExpired: true, vendorCode: 'AccessTokenInvalid', upstreamStatus: 401 });
  });

  it('reads X-Contentful-RateLimit headers and turns a 429 into a wait of Reset seconds', async () => {
    await sim.stop();
    sim = await startContentfulSimulator({ clock, managementPerSecond: 2 });
    management = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issuePersonalAccessToken() };
    connection = { serverOverrides: { default: sim.url, delivery: sim.deliveryUrl } };

    const first = await run('contentful.get_entry', { entryId: 'post1' });
    expect(first.rateLimit).toMatchObject({ limited: false, limit: 2, remaining: 1 });
    expectOk(await run('contentful.get_entry', { entryId: 'post1' }));
    const refused = expectError(await run('contentful.get_entry', { entryId: 'post1' }));
    expect(refused.error).toMatchObject({ code: 'upstream_rate_limited', retryAfterMs: 1000, vendorCode: 'RateLimitExceeded' });
    clock.advance(1000);
    expectOk(await run('contentful.get_entry', { entryId: 'post1' }));
  });
});

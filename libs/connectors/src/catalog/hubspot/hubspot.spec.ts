import { ManualClock, startHubSpotSimulator, type HubSpotSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Contact = { id: string; properties: Record<string, string | null>; archived: boolean };

describe('HubSpot connector against the HubSpot simulator', () => {
  let sim: RunningSimulator<HubSpotSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>) => engineWithClock(clock).executeAction({ action, input, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startHubSpotSimulator({ clock, seedContacts: 5 });
    credential = { authMode: 'private_app_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: sim.url } };
  });
  afterEach(() => sim.stop());

  it('pages contacts with after until paging.next is absent', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = expectOk<{ results: Contact[] }>(await run('hubspot.list_contacts', { limit: 2, properties: ['email'], ...(cursor ? { cursor } : {}) }));
      ids.push(...page.data.results.map((contact) => contact.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(['51', '52', '53', '54', '55']);
  });

  it('searches by an email filter and by free text, with the total', async () => {
    const byEmail = expectOk<{ total: number; results: Contact[] }>(
      await run('hubspot.search_contacts', { filters: [{ propertyName: 'email', operator: 'EQ', value: 'person3@example.com' }], properties: ['email'] }),
    );
    expect(byEmail.data).toMatchObject({ total: 1, results: [{ id: '53', properties: { email: 'person3@example.com' } }] });
    const pages = expectOk<{ total: number; results: Contact[] }>(await run('hubspot.search_contacts', { query: 'globex', limit: 1 }));
    expect(pages.data.total).toBe(2);
    const second = expectOk<{ results: Contact[] }>(await run('hubspot.search_contacts', { query: 'globex', limit: 1, cursor: pages.nextCursor }));
    expect(second.data.results[0]?.id).toBe('54');
    expect(second.nextCursor).toBeUndefined();
  });

  it('creates a contact, and maps a duplicate email (409 CONFLICT) to upstream_conflict', async () => {
    const created = expectOk<Contact>(await run('hubspot.create_contact', { properties: { email: 'ada@example.com', firstname: 'Ada' } }));
    expect(created.data.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Ada', hs_object_id: created.data.id });
    const again = expectError(await run('hubspot.create_contact', { properties: { email: 'ADA@example.com' } }));
    expect(again.error).toMatchObject({ code: 'upstream_conflict', upstreamStatus: 409, vendorCode: 'CONFLICT' });
    expect(again.error.message).toContain(`Existing ID: ${created.data.id}`);
  });

  it('maps an unknown property (400 VALIDATION_ERROR) to upstream_invalid_request naming it', async () => {
    const result = expectError(await run('hubspot.update_contact', { contact_id: '51', properties: { shoe_size: '44' } }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400, vendorCode: 'VALIDATION_ERROR', field: 'shoe_size' });
  });

  it('updates only the named properties', async () => {
    expectOk(await run('hubspot.update_contact', { contact_id: '52', properties: { lastname: 'Renamed' } }));
    const { data } = expectOk<Contact>(await run('hubspot.get_contact', { contact_id: '52', properties: ['email', 'lastname'] }));
    expect(data.properties).toEqual({ email: 'person2@example.com', lastname: 'Renamed' });
  });

  it('archives a contact (destructive): gone from reads and lists, listed as archived', async () => {
    expect(expectOk(await run('hubspot.archive_contact', { contact_id: '54' })).data).toEqual({ archived: true, contact_id: '54' });
    expect(sim.control.contacts.contacts.get('54')?.archived).toBe(true);
    expect(expectError(await run('hubspot.get_contact', { contact_id: '54' })).error).toMatchObject({
      code: 'upstream_not_found',
      vendorCode: 'OBJECT_NOT_FOUND',
    });
    const archived = expectOk<{ results: Contact[] }>(await run('hubspot.list_contacts', { archived: true }));
    expect(archived.data.results.map((contact) => contact.id)).toEqual(['54']);
  });

  it('maps the 10-second burst limit (429 RATE_LIMIT) to upstream_rate_limited and reads the X-HubSpot headers', async () => {
    sim.control.setLimit(1);
    expect((await run('hubspot.get_contact', { contact_id: '51' })).rateLimit).toMatchObject({ limit: 1, remaining: 0 });
    const result = expectError(await run('hubspot.get_contact', { contact_id: '51' }));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 429, retryable: true });
  });

  it('maps a revoked token to needs_reauth', async () => {
    sim.control.revokeTokens();
    expect(expectError(await run('hubspot.list_contacts', {})).error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401 });
  });
});

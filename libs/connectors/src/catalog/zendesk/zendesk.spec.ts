import { ManualClock, startZendeskSimulator, type RunningSimulator, type ZendeskSimulatorControl } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Ticket = { id: number; subject: string; status: string };

describe('Zendesk connector against the Zendesk simulator', () => {
  let sim: RunningSimulator<ZendeskSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>, cred: Credential = credential) =>
    engineWithClock(clock).executeAction({ action, input, credential: cred, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startZendeskSimulator({ clock, seedTickets: 5 });
    credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: `${sim.url}/api/v2` }, params: { subdomain: 'acme' } };
  });
  afterEach(() => sim.stop());

  it('follows page[after] cursors and stops when meta.has_more is false', async () => {
    const ids: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ tickets: Ticket[] }>(await run('zendesk.list_tickets', { page_size: 2, ...(cursor ? { cursor } : {}) }));
      ids.push(...page.data.tickets.map((ticket) => ticket.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(pages).toBe(3);
  });

  it('reads a ticket, and maps RecordNotFound to upstream_not_found', async () => {
    expect(expectOk<{ ticket: Ticket }>(await run('zendesk.get_ticket', { ticket_id: 2 })).data.ticket).toMatchObject({ id: 2, subject: 'Seeded ticket 2' });
    expect(expectError(await run('zendesk.get_ticket', { ticket_id: 999 })).error).toMatchObject({
      code: 'upstream_not_found',
      upstreamStatus: 404,
      vendorCode: 'RecordNotFound',
    });
  });

  it('creates a ticket whose first comment is the description', async () => {
    const { data } = expectOk<{ ticket: Ticket & { description: string; priority: string } }>(
      await run('zendesk.create_ticket', { subject: 'Printer on fire', comment: 'Smoke everywhere', priority: 'urgent', tags: ['hardware'] }),
    );
    expect(data.ticket).toMatchObject({ id: 6, status: 'new', description: 'Smoke everywhere', priority: 'urgent' });
    expect(sim.control.writeCount('POST /api/v2/tickets')).toBe(1);
  });

  it('replies with an internal note and changes status; the conversation lists both comments', async () => {
    const { data } = expectOk<{ ticket: Ticket; audit: { events: Array<{ type: string }> } }>(
      await run('zendesk.update_ticket', { ticket_id: 1, status: 'pending', comment: 'Asked the customer for logs', public: false }),
    );
    expect(data.ticket.status).toBe('pending');
    expect(data.audit.events.map((event) => event.type)).toEqual(['Change', 'Comment']);
    const comments = expectOk<{ comments: Array<{ body: string; public: boolean }> }>(await run('zendesk.list_ticket_comments', { ticket_id: 1 }));
    expect(comments.nextCursor).toBeUndefined();
    expect(comments.data.comments).toEqual([
      expect.objectContaining({ public: true }),
      expect.objectContaining({ body: 'Asked the customer for logs', public: false }),
    ]);
  });

  it('maps RecordInvalid on a closed ticket to upstream_invalid_request naming the field', async () => {
    const result = expectError(await run('zendesk.update_ticket', { ticket_id: 3, comment: 'too late' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 422, vendorCode: 'RecordInvalid', field: 'status' });
  });

  it('deletes a ticket (destructive): it is gone from the account afterwards', async () => {
    expect(expectOk(await run('zendesk.delete_ticket', { ticket_id: 4 })).data).toEqual({ deleted: true, ticket_id: 4 });
    expect(sim.control.tickets.tickets.has(4)).toBe(false);
    expect(expectError(await run('zendesk.delete_ticket', { ticket_id: 4 })).error.code).toBe('upstream_not_found');
  });

  it('maps 429 with Retry-After (plain-text body) to upstream_rate_limited, and reads X-Rate-Limit headers', async () => {
    sim.control.setLimit(2);
    const first = await run('zendesk.get_ticket', { ticket_id: 1 });
    expect(first.rateLimit).toMatchObject({ limit: 2, remaining: 1 });
    expectOk(await run('zendesk.get_ticket', { ticket_id: 1 }));
    clock.advance(20_000);
    expect(expectError(await run('zendesk.get_ticket', { ticket_id: 1 })).error).toMatchObject({
      code: 'upstream_rate_limited',
      upstreamStatus: 429,
      retryAfterMs: 40_000,
    });
  });

  it('maps "Couldn\'t authenticate you" to needs_reauth', async () => {
    sim.control.revokeTokens();
    expect(expectError(await run('zendesk.list_tickets', {})).error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401 });
  });

  it('accepts the email/token Basic form of an API token', async () => {
    const basic: Credential = { authMode: 'api_token', kind: 'basic', username: 'agent@example.com/token', password: sim.control.issueToken() };
    expect(expectOk<{ ticket: Ticket }>(await run('zendesk.get_ticket', { ticket_id: 1 }, basic)).data.ticket.id).toBe(1);
  });
});

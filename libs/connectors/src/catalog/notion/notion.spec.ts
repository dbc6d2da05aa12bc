import { ManualClock, startNotionSimulator, type NotionSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Page = { object: string; id: string; archived: boolean; properties: Record<string, { title?: Array<{ plain_text: string }> }> };
type List<T> = { results: T[]; has_more: boolean; next_cursor: string | null };
type Block = { id: string; type: string; paragraph?: { rich_text: Array<{ plain_text: string }> } };

const textOf = (block: Block) => block.paragraph?.rich_text.map((part) => part.plain_text).join('');

describe('Notion connector against the Notion simulator', () => {
  let sim: RunningSimulator<NotionSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>) => engineWithClock(clock).executeAction({ action, input, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startNotionSimulator({ clock });
    credential = { authMode: 'internal_integration_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: `${sim.url}/v1` } };
  });
  afterEach(() => sim.stop());

  it('searches only what was shared with the integration, filtered to databases', async () => {
    const all = expectOk<List<Page>>(await run('notion.search', {}));
    expect(all.data.results.map((item) => item.id)).not.toContain(sim.control.seeded.privateId);
    const databases = expectOk<List<{ object: string; id: string }>>(await run('notion.search', { filter: { property: 'object', value: 'database' } }));
    expect(databases.data.results).toEqual([expect.objectContaining({ object: 'database', id: sim.control.seeded.tasksId })]);
  });

  it('pages search results with start_cursor in the body until has_more is false', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<List<Page>>(await run('notion.search', { page_size: 2, ...(cursor ? { cursor } : {}) }));
      ids.push(...page.data.results.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(5);
  });

  it('reads page content with start_cursor in the query', async () => {
    const first = expectOk<List<Block>>(await run('notion.list_block_children', { block_id: sim.control.seeded.wikiId, page_size: 2 }));
    expect(first.data.results.map(textOf)).toEqual(['Welcome to the wiki.', 'Read the onboarding guide first.']);
    const second = expectOk<List<Block>>(await run('notion.list_block_children', { block_id: sim.control.seeded.wikiId, cursor: first.nextCursor }));
    expect(second.data.results.map(textOf)).toEqual(['Ask in #help.']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('queries a database with a typed filter, and maps an unknown property to upstream_invalid_request', async () => {
    const open = expectOk<List<Page>>(
      await run('notion.query_database', { database_id: sim.control.seeded.tasksId, filter: { property: 'Done', checkbox: { equals: false } } }),
    );
    expect(open.data.results.map((row) => row.properties['Name']?.title?.[0]?.plain_text)).toEqual(['Build simulator', 'Ship']);
    const bad = expectError(
      await run('notion.query_database', { database_id: sim.control.seeded.tasksId, filter: { property: 'Owner', select: { equals: 'x' } } }),
    );
    expect(bad.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400, vendorCode: 'validation_error' });
  });

  it('maps a page that is not shared to upstream_not_found (object_not_found)', async () => {
    const result = expectError(await run('notion.get_page', { page_id: sim.control.seeded.privateId.replace(/-/g, '') }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 404, vendorCode: 'object_not_found' });
    expect(result.error.message).toContain('shared with your integration');
  });

  it('creates a sub-page with its first paragraph, then appends to it', async () => {
    const created = expectOk<Page>(
      await run('notion.create_page', { parent_page_id: sim.control.seeded.wikiId, title: 'Incident review', text: 'What happened.' }),
    );
    expect(created.data.properties['title']?.title?.[0]?.plain_text).toBe('Incident review');
    expectOk(await run('notion.append_text', { block_id: created.data.id, text: 'Follow-up shipped.' }));
    const content = expectOk<List<Block>>(await run('notion.list_block_children', { block_id: created.data.id }));
    expect(content.data.results.map(textOf)).toEqual(['What happened.', 'Follow-up shipped.']);
  });

  it('archives a page (destructive): it leaves search, and editing it is refused', async () => {
    const { data } = expectOk<Page>(await run('notion.archive_page', { page_id: sim.control.seeded.wikiId }));
    expect(data.archived).toBe(true);
    expect(sim.control.workspace.pages.get(sim.control.seeded.wikiId)?.archived).toBe(true);
    const found = expectOk<List<Page>>(await run('notion.search', { query: 'wiki' }));
    expect(found.data.results).toEqual([]);
    expect(expectError(await run('notion.append_text', { block_id: sim.control.seeded.wikiId, text: 'x' })).error.code).toBe('upstream_invalid_request');
  });

  it('maps 429 rate_limited with Retry-After to upstream_rate_limited', async () => {
    sim.control.injectFault({ kind: 'rate_limit', retryAfterSeconds: 3 });
    expect(expectError(await run('notion.search', {})).error).toMatchObject({
      code: 'upstream_rate_limited',
      upstreamStatus: 429,
      retryAfterMs: 3000,
      vendorCode: 'rate_limited',
    });
  });

  it('maps an invalid token to needs_reauth', async () => {
    sim.control.revokeTokens();
    expect(expectError(await run('notion.search', {})).error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401, vendorCode: 'unauthorized' });
  });
});

import { ManualClock, startJiraSimulator, type JiraSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Issue = { id: string; key: string; fields?: Record<string, unknown> };

describe('Jira connector against the Jira simulator', () => {
  let sim: RunningSimulator<JiraSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: unknown, overrides: { credential?: Credential; connection?: ConnectionContext } = {}) =>
    engineWithClock(clock).executeAction({ action, input, credential: overrides.credential ?? credential, connection: overrides.connection ?? connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startJiraSimulator({ clock, accessTokenLifetimeSeconds: 300 });
    credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueToken().accessToken };
    connection = { params: { cloudId: sim.control.cloudId }, serverOverrides: { default: `${sim.url}/ex/jira/{cloudId}` } };
  });
  afterEach(() => sim.stop());

  it('searches with JQL, asks for explicit fields, and follows nextPageToken until isLast', async () => {
    const keys: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ issues: Issue[]; isLast: boolean }>(
        await run('jira.search_issues', { jql: 'project = OPS ORDER BY key ASC', maxResults: 2, ...(cursor ? { cursor } : {}) }),
      );
      for (const issue of page.data.issues) {
        expect(issue.fields).toEqual(expect.objectContaining({ summary: expect.any(String), status: expect.objectContaining({ name: expect.any(String) }) }));
        keys.push(issue.key);
      }
      cursor = page.nextCursor;
      pages += 1;
      expect(page.data.isLast).toBe(cursor === undefined);
    } while (cursor);
    expect(pages).toBe(3);
    expect(keys).toEqual(['OPS-1', 'OPS-2', 'OPS-3', 'OPS-4', 'OPS-5', 'OPS-6']);
  });

  it('never returns issues of a project the user cannot browse', async () => {
    const { data } = expectOk<{ issues: Issue[] }>(await run('jira.search_issues', { jql: 'project in (OPS, WEB, SEC)', fields: ['summary'] }));
    expect(data.issues.some((issue) => issue.key.startsWith('SEC-'))).toBe(false);
  });

  it('maps an unbounded JQL query to upstream_invalid_request quoting Jira', async () => {
    const result = expectError(await run('jira.search_issues', { jql: 'ORDER BY created DESC' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400 });
    expect(result.error.message).toContain('Unbounded JQL queries are not allowed');
  });

  it('gets an issue with its fields', async () => {
    const { data } = expectOk<Issue>(await run('jira.get_issue', { issueIdOrKey: 'OPS-2', fields: ['summary', 'assignee'] }));
    expect(data).toMatchObject({ key: 'OPS-2', fields: { summary: 'Checkout latency above SLO', assignee: { displayName: 'Ada Agent' } } });
  });

  it('maps an invisible issue (404, as Jira hides permission problems) to upstream_not_found', async () => {
    const result = expectError(await run('jira.get_issue', { issueIdOrKey: 'SEC-1' }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 404 });
    expect(result.error.message).toContain('Issue does not exist or you do not have permission to see it.');
  });

  it('creates an issue, converting the plain-text description to ADF', async () => {
    const { data } = expectOk<{ key: string }>(
      await run('jira.create_issue', {
        projectKey: 'OPS',
        issueType: 'Bug',
        summary: 'Queue backlog',
        description: 'First paragraph.\n\nSecond.',
        labels: ['queue'],
        priority: 'High',
      }),
    );
    expect(data.key).toMatch(/^OPS-\d+$/);
    const stored = sim.control.data.issues.get(data.key);
    expect(stored?.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'First paragraph.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Second.' }] },
      ],
    });
    expect(sim.control.writeCount('POST /ex/jira/:cloudId/rest/api/3/issue')).toBe(1);
  });

  it('maps Jira field errors to upstream_invalid_request naming the field', async () => {
    const result = expectError(await run('jira.create_issue', { projectKey: 'NOPE', issueType: 'Bug', summary: 'x' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', field: 'project' });
    expect(result.error.message).toContain('Specify a valid project ID or key');
  });

  it('lists the transitions of the current status and moves the issue', async () => {
    const { data } = expectOk<{ transitions: Array<{ id: string; name: string }> }>(await run('jira.list_transitions', { issueIdOrKey: 'OPS-1' }));
    expect(data.transitions.map((transition) => transition.id)).toEqual(['11', '31']);
    const moved = expectOk(await run('jira.transition_issue', { issueIdOrKey: 'OPS-1', transitionId: '11', comment: 'Picking this up.' }));
    expect(moved.data).toEqual({ transitioned: true, issueIdOrKey: 'OPS-1', transitionId: '11' });
    const after = expectOk<Issue>(await run('jira.get_issue', { issueIdOrKey: 'OPS-1', fields: ['status'] }));
    expect(after.data.fields?.['status']).toMatchObject({ name: 'In Progress' });
    expect(sim.control.data.issues.get('OPS-1')?.comments).toHaveLength(1);
  });

  it('maps a transition not available from the current status to upstream_invalid_request', async () => {
    const result = expectError(await run('jira.transition_issue', { issueIdOrKey: 'OPS-1', transitionId: '41' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request' });
  });

  it('adds a comment and returns it in ADF', async () => {
    const { data } = expectOk<{ id: string; body: unknown }>(await run('jira.add_comment', { issueIdOrKey: 'OPS-2', body: 'Root cause found.' }));
    expect(data.body).toMatchObject({ type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it('refuses to delete an issue with sub-tasks unless told to delete them too (destructive)', async () => {
    expect(expectError(await run('jira.delete_issue', { issueIdOrKey: 'OPS-3' })).error.code).toBe('upstream_invalid_request');
    expect(expectOk(await run('jira.delete_issue', { issueIdOrKey: 'OPS-3', deleteSubtasks: true })).data).toEqual({ deleted: true, issueIdOrKey: 'OPS-3' });
    expect(sim.control.data.issues.has('OPS-3')).toBe(false);
    expect(sim.control.data.issues.has('OPS-6')).toBe(false); // its sub-task
  });

  it('turns a burst 429 into upstream_rate_limited with Retry-After, reset and reason', async () => {
    sim.control.setBurstLimit('GET', 1);
    expectOk(await run('jira.get_issue', { issueIdOrKey: 'OPS-1' }));
    const result = expectError(await run('jira.get_issue', { issueIdOrKey: 'OPS-1' }));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', retryAfterMs: 1000, upstreamStatus: 429 });
    expect(result.rateLimit).toMatchObject({ limited: true, reason: 'jira-burst-based', remaining: 0, limit: 1, resetAt: clock.now() + 1000 });
  });

  it('reports the per-issue write limit as its own reason', async () => {
    for (let index = 0; index < 20; index++) expectOk(await run('jira.add_comment', { issueIdOrKey: 'OPS-2', body: `note ${index}` }));
    const result = expectError(await run('jira.add_comment', { issueIdOrKey: 'OPS-2', body: 'one more' }));
    expect(result.rateLimit?.reason).toBe('jira-per-issue-on-write');
    expect(expectOk(await run('jira.add_comment', { issueIdOrKey: 'OPS-1', body: 'other issue is fine' })).data).toBeDefined();
  });

  it('reads remaining capacity from every response', async () => {
    const result = await run('jira.get_issue', { issueIdOrKey: 'OPS-1' });
    expect(result.rateLimit).toMatchObject({ limited: false, limit: 100, remaining: 99 });
  });

  it('maps a 503 with Retry-After to upstream_unavailable carrying the wait', async () => {
    sim.control.injectFault({ kind: 'server_error', status: 503 });
    const result = expectError(await run('jira.get_issue', { issueIdOrKey: 'OPS-1' }));
    expect(result.error).toMatchObject({ code: 'upstream_unavailable', retryAfterMs: 5000 });
  });

  it('flags an expired access token (gateway 401) as needs_reauth with authExpired', async () => {
    clock.advance(301_000);
    const result = expectError(await run('jira.get_issue', { issueIdOrKey: 'OPS-1' }));
    expect(result.error).toMatchObject({ code: 'needs_reauth', authExpired: true, upstreamStatus: 401 });
  });

  it('treats "scope does not match" as needs_reauth that a refresh cannot fix', async () => {
    const readOnly: Credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueToken({ scopes: ['read:jira-work'] }).accessToken };
    const result = expectError(await run('jira.add_comment', { issueIdOrKey: 'OPS-1', body: 'x' }, { credential: readOnly }));
    expect(result.error.code).toBe('needs_reauth');
    expect(result.error.authExpired).toBeUndefined();
  });

  it('asks for the connection to be completed when cloudId is missing', async () => {
    const result = expectError(await run('jira.get_issue', { issueIdOrKey: 'OPS-1' }, { connection: {} }));
    expect(result.error).toMatchObject({ code: 'connection_required' });
    expect(result.error.message).toContain('cloudId');
  });

  it('calls the site directly with basic auth in api_token mode', async () => {
    const basic: Credential = { authMode: 'api_token', kind: 'basic', username: 'ada@causeway-demo.example', password: sim.control.issueApiToken() };
    const result = await run('jira.get_issue', { issueIdOrKey: 'OPS-1' }, { credential: basic, connection: { params: { siteUrl: sim.url } } });
    expect(expectOk<Issue>(result).data.key).toBe('OPS-1');
  });
});

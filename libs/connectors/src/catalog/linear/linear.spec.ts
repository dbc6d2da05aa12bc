import { ManualClock, startLinearSimulator, type LinearSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Node = { id: string; name?: string; key?: string; type?: string };
type Connection<T = Node> = { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type Issue = {
  id: string;
  identifier: string;
  title: string;
  priority: number;
  state: { id: string; name: string };
  assignee: { id: string } | null;
  team: { id: string; key: string };
  trashed?: boolean | null;
};

describe('Linear connector against the Linear simulator', () => {
  let sim: RunningSimulator<LinearSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>, as: Credential = credential) =>
    engineWithClock(clock).executeAction({ action, input, credential: as, connection });
  const eng = () => sim.control.workspace.teams[0] as { id: string };
  const ops = () => sim.control.workspace.teams[1] as { id: string };

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startLinearSimulator({ clock, seedIssues: 5 });
    credential = { authMode: 'api_key', kind: 'token', token: sim.control.issueApiKey() };
    connection = { serverOverrides: { default: sim.url } };
  });
  afterEach(() => sim.stop());

  it('lists teams page by page through the Relay cursor', async () => {
    const first = expectOk<Connection>(await run('linear.list_teams', { first: 1 }));
    expect(first.data.nodes.map((team) => team.key)).toEqual(['ENG']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = expectOk<Connection>(await run('linear.list_teams', { first: 1, cursor: first.nextCursor }));
    expect(second.data.nodes.map((team) => team.key)).toEqual(['OPS']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('pages issues with variables.after until hasNextPage is false, keeping the filter on every page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<Connection<Issue>>(await run('linear.list_issues', { teamId: eng().id, first: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.data.nodes.map((issue) => issue.identifier));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['ENG-1', 'ENG-2', 'ENG-3', 'ENG-4', 'ENG-5']);
    const none = expectOk<Connection<Issue>>(await run('linear.list_issues', { teamId: ops().id }));
    expect(none.data.nodes).toEqual([]);
    const byTitle = expectOk<Connection<Issue>>(await run('linear.list_issues', { titleContains: 'ISSUE 3' }));
    expect(byTitle.data.nodes.map((issue) => issue.identifier)).toEqual(['ENG-3']);
  });

  it('reads an issue by identifier, and maps "Entity not found" inside an HTTP 200 answer to upstream_not_found', async () => {
    const issue = expectOk<Issue>(await run('linear.get_issue', { issueId: 'ENG-2' }));
    expect(issue.data).toMatchObject({ identifier: 'ENG-2', title: 'Seeded issue 2', team: { key: 'ENG' }, state: { name: 'Todo' } });
    const missing = expectError(await run('linear.get_issue', { issueId: 'ENG-999' }));
    expect(missing.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 200, vendorCode: 'INPUT_ERROR' });
  });

  it('creates an issue, moves it to In Progress, assigns it and comments on it', async () => {
    const created = expectOk<{ success: true; issue: Issue }>(
      await run('linear.create_issue', { teamId: eng().id, title: 'Login page times out', description: 'Steps: open /login.', priority: 2 }),
    );
    expect(created.data.issue).toMatchObject({ identifier: 'ENG-6', title: 'Login page times out', priority: 2, state: { name: 'Todo' }, assignee: null });

    const states = expectOk<Connection>(await run('linear.list_workflow_states', { teamId: eng().id }));
    expect(states.data.nodes.map((state) => state.name)).toEqual(['Backlog', 'Todo', 'In Progress', 'Done', 'Canceled']);
    const started = states.data.nodes.find((state) => state.type === 'started') as Node;
    const grace = sim.control.workspace.users[1] as { id: string };
    const moved = expectOk<{ issue: Issue }>(await run('linear.update_issue', { issueId: 'ENG-6', stateId: started.id, assigneeId: grace.id }));
    expect(moved.data.issue).toMatchObject({ state: { name: 'In Progress' }, assignee: { id: grace.id } });
    const unassigned = expectOk<{ issue: Issue }>(await run('linear.update_issue', { issueId: created.data.issue.id, assigneeId: null }));
    expect(unassigned.data.issue.assignee).toBeNull();

    const comment = expectOk<{ comment: { body: string } }>(await run('linear.add_comment', { issueId: 'ENG-6', body: 'Working on it.' }));
    expect(comment.data.comment.body).toBe('Working on it.');
    expect(sim.control.workspace.findIssue('ENG-6')?.comments).toHaveLength(1);
    expect(sim.control.writes()).toEqual({ 'mutation issueCreate': 1, 'mutation issueUpdate': 2, 'mutation commentCreate': 1 });
  });

  it('maps a Linear input error (a state of another team) to upstream_invalid_request naming the field', async () => {
    const opsState = sim.control.workspace.statesOf(sim.control.workspace.teams[1] as never)[2] as { id: string };
    const wrongTeam = expectError(await run('linear.update_issue', { issueId: 'ENG-1', stateId: opsState.id }));
    expect(wrongTeam.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 200, field: 'stateId' });
    expect(sim.control.writeCount()).toBe(0);
  });

  it("the simulator checks documents against the schema, so the actions' queries are valid ones: a wrong field is refused with 400", async () => {
    const response = await fetch(`${sim.url}/graphql`, {
      method: 'POST',
      headers: { authorization: (credential as { token: string }).token, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ issues { nodes { id nope } } }' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()) as unknown).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
  });

  it('deletes an issue (destructive): it leaves the lists and reads back as trashed', async () => {
    expect(expectOk(await run('linear.delete_issue', { issueId: 'ENG-4' })).data).toEqual({ success: true });
    const listed = expectOk<Connection<Issue>>(await run('linear.list_issues', { teamId: eng().id }));
    expect(listed.data.nodes.map((issue) => issue.identifier)).not.toContain('ENG-4');
    expect(sim.control.workspace.findIssue('ENG-4')?.trashed).toBe(true);
    expect(expectError(await run('linear.delete_issue', { issueId: 'ENG-404' })).error.code).toBe('upstream_not_found');
  });

  it('sends an OAuth token as Bearer and maps a missing scope (FORBIDDEN in a 200 answer) to upstream_forbidden', async () => {
    const readOnly: Credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueOAuthToken({ scopes: ['read'] }) };
    expectOk(await run('linear.list_teams', {}, readOnly));
    const refused = expectError(await run('linear.create_issue', { teamId: eng().id, title: 'Nope' }, readOnly));
    expect(refused.error).toMatchObject({ code: 'upstream_forbidden', upstreamStatus: 200, vendorCode: 'FORBIDDEN' });
    expect(sim.control.workspace.issues).toHaveLength(5);
  });

  it('maps AUTHENTICATION_ERROR (HTTP 400) to needs_reauth with authExpired: a revoked key, and a key sent as a Bearer token', async () => {
    const asBearer: Credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueApiKey() };
    expect(expectError(await run('linear.list_teams', {}, asBearer)).error).toMatchObject({ code: 'needs_reauth', authExpired: true, upstreamStatus: 400 });
    sim.control.revokeTokens();
    expect(expectError(await run('linear.get_issue', { issueId: 'ENG-1' })).error).toMatchObject({
      code: 'needs_reauth',
      authExpired: true,
      vendorCode: 'AUTHENTICATION_ERROR',
    });
  });

  it('reads the request budget from every answer and maps RATELIMITED (HTTP 400) to upstream_rate_limited, waiting until the epoch-ms reset', async () => {
    sim.control.setLimit(2);
    const ok = expectOk(await run('linear.list_teams', {}));
    expect((ok as { rateLimit?: unknown }).rateLimit).toMatchObject({ limited: false, limit: 2, remaining: 1, resetAt: clock.now() + 3_600_000 });
    expectOk(await run('linear.list_teams', {}));
    clock.advance(600_000);
    const refused = expectError(await run('linear.list_teams', {}));
    expect(refused.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 400, retryAfterMs: 3_000_000, vendorCode: 'RATELIMITED' });
    expect(refused.rateLimit).toMatchObject({ limited: true, remaining: 0 });
  });
});

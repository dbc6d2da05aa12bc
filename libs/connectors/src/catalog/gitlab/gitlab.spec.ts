import { ManualClock, startGitLabSimulator, type GitLabSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Issue = { iid: number; title: string; state: string; labels: string[] };
type MergeRequest = { iid: number; state: string; source_branch: string };

describe('GitLab connector against the GitLab simulator', () => {
  let sim: RunningSimulator<GitLabSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>) =>
    engineWithClock(clock).executeAction({ action, input: { project: 'causeway/api', ...input }, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startGitLabSimulator({ clock });
    credential = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: `${sim.url}/api/v4` } };
  });
  afterEach(() => sim.stop());

  it('follows the Link rel="next" header through every page, addressing the project by its path', async () => {
    const iids: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ issues: Issue[] }>(await run('gitlab.list_issues', { per_page: 3, ...(cursor ? { cursor } : {}) }));
      iids.push(...page.data.issues.map((issue) => issue.iid));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(iids).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('filters by state, labels and text, and by numeric project id', async () => {
    const bugs = expectOk<{ issues: Issue[] }>(await run('gitlab.list_issues', { state: 'opened', labels: ['bug'] }));
    expect(bugs.data.issues.map((issue) => issue.iid)).toEqual([7, 5, 3, 1]);
    const found = expectOk<{ issues: Issue[] }>(await run('gitlab.list_issues', { project: '278964', search: 'timeout' }));
    expect(found.data.issues.map((issue) => issue.iid)).toEqual([4]);
  });

  it('maps 404 Project Not Found to upstream_not_found', async () => {
    const result = expectError(await run('gitlab.list_issues', { project: 'causeway/missing' }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 404 });
    expect(result.error.message).toContain('404 Project Not Found');
  });

  it('creates an issue with comma-separated labels, comments on it and closes it', async () => {
    const created = expectOk<Issue>(await run('gitlab.create_issue', { title: 'Upload times out', labels: 'bug,backend' }));
    expect(created.data).toMatchObject({ iid: 8, state: 'opened', labels: ['bug', 'backend'] });
    const note = expectOk<{ body: string; noteable_iid: number }>(await run('gitlab.create_issue_note', { issue_iid: 8, body: 'Root cause found.' }));
    expect(note.data).toMatchObject({ body: 'Root cause found.', noteable_iid: 8 });
    const closed = expectOk<Issue>(await run('gitlab.update_issue', { issue_iid: 8, state_event: 'close', add_labels: 'fixed', remove_labels: 'bug' }));
    expect(closed.data).toMatchObject({ state: 'closed', labels: ['backend', 'fixed'] });
    expect(expectError(await run('gitlab.create_issue_note', { issue_iid: 99, body: 'x' })).error.code).toBe('upstream_not_found');
  });

  it('opens a merge request, lists it, and maps a second one for the same branch (409) to upstream_conflict', async () => {
    const input = { source_branch: 'feature/retry-uploads', target_branch: 'main', title: 'Retry uploads' };
    expect(expectOk<MergeRequest>(await run('gitlab.create_merge_request', input)).data).toMatchObject({ iid: 1, state: 'opened' });
    const listed = expectOk<{ merge_requests: MergeRequest[] }>(
      await run('gitlab.list_merge_requests', { state: 'opened', source_branch: 'feature/retry-uploads' }),
    );
    expect(listed.data.merge_requests.map((mr) => mr.iid)).toEqual([1]);
    const again = expectError(await run('gitlab.create_merge_request', input));
    expect(again.error).toMatchObject({ code: 'upstream_conflict', upstreamStatus: 409 });
    expect(again.error.message).toContain('Another open merge request already exists');
  });

  it('maps an unknown source branch (422) to upstream_invalid_request', async () => {
    const result = expectError(await run('gitlab.create_merge_request', { source_branch: 'nope', target_branch: 'main', title: 'x' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 422 });
    expect(result.error.message).toContain('Source branch "nope" does not exist');
  });

  it('deletes a branch with a slash in its name (destructive), and refuses the default and protected branches (405)', async () => {
    expect(expectOk(await run('gitlab.delete_branch', { branch: 'feature/merged-work' })).data).toEqual({ deleted: true, branch: 'feature/merged-work' });
    expect(sim.control.project.branches.has('feature/merged-work')).toBe(false);
    expect(expectError(await run('gitlab.delete_branch', { branch: 'feature/merged-work' })).error).toMatchObject({
      code: 'upstream_not_found',
      upstreamStatus: 404,
    });
    const head = expectError(await run('gitlab.delete_branch', { branch: 'main' }));
    expect(head.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 405 });
    expect(head.error.message).toContain('Cannot remove HEAD branch');
    expect(expectError(await run('gitlab.delete_branch', { branch: 'release/1.x' })).error.message).toContain('Protected branch cant be removed');
    expect(sim.control.project.branches.has('main') && sim.control.project.branches.has('release/1.x')).toBe(true);
  });

  it('maps 429 "Retry later" with Retry-After and RateLimit-* headers to upstream_rate_limited', async () => {
    sim.control.setLimit(1);
    expectOk(await run('gitlab.list_issues', {}));
    clock.advance(45_000);
    const result = expectError(await run('gitlab.list_issues', {}));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 429, retryAfterMs: 15_000 });
    expect(result.rateLimit).toMatchObject({ limited: true, remaining: 0, limit: 1, scope: 'throttle_authenticated_api' });
  });

  it('maps 401 Unauthorized to needs_reauth', async () => {
    sim.control.revokeTokens();
    expect(expectError(await run('gitlab.list_issues', {})).error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401 });
  });
});

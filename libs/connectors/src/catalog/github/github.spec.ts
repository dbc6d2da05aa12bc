import { ManualClock, startGitHubSimulator, type GitHubSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Issue = { number: number; title: string; state: string; pull_request?: unknown };

describe('GitHub connector against the GitHub simulator', () => {
  let sim: RunningSimulator<GitHubSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const repo = { owner: 'causeway-demo', repo: 'api' };
  const run = (action: string, input: Record<string, unknown>, cred: Credential = credential) =>
    engineWithClock(clock).executeAction({ action, input: { ...repo, ...input }, credential: cred, connection });
  const restart = async (options: Parameters<typeof startGitHubSimulator>[0]) => {
    await sim.stop();
    sim = await startGitHubSimulator({ clock, ...options });
    credential = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: sim.url } };
  };

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startGitHubSimulator({ clock });
    credential = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: sim.url } };
  });
  afterEach(() => sim.stop());

  it('follows the Link rel="next" header through every page, pull requests included', async () => {
    const numbers: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ issues: Issue[] }>(await run('github.list_issues', { state: 'all', per_page: 5, ...(cursor ? { cursor } : {}) }));
      numbers.push(...page.data.issues.map((issue) => issue.number));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(numbers).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('lists open issues by default and marks pull requests', async () => {
    const { data, nextCursor } = expectOk<{ issues: Issue[] }>(await run('github.list_issues', { labels: ['bug'] }));
    expect(nextCursor).toBeUndefined();
    expect(data.issues.map((issue) => issue.number)).toEqual([10, 7, 1]);
    const all = expectOk<{ issues: Issue[] }>(await run('github.list_issues', {}));
    expect(all.data.issues.find((issue) => issue.number === 13)?.pull_request).toBeDefined();
    expect(all.data.issues.some((issue) => issue.state === 'closed')).toBe(false);
  });

  it('answers 404, not 403, for a private repository the token cannot see', async () => {
    const publicOnly: Credential = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issueToken({ scopes: ['public_repo'] }) };
    const result = expectError(await run('github.list_issues', { repo: 'secret' }, publicOnly));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 404 });
  });

  it('creates an issue', async () => {
    const { data } = expectOk<Issue>(await run('github.create_issue', { title: 'Simulated bug', body: 'Steps…', labels: ['bug'] }));
    expect(data).toMatchObject({ number: 14, title: 'Simulated bug', state: 'open' });
    expect(sim.control.writeCount('POST /repos/:owner/:repo/issues')).toBe(1);
  });

  it('maps 410 (issues disabled) to upstream_not_found', async () => {
    const result = expectError(await run('github.create_issue', { repo: 'archive', title: 'x' }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 410 });
    expect(result.error.message).toContain('Issues are disabled');
  });

  it('comments on an issue, and maps an unknown issue number to upstream_not_found', async () => {
    const { data } = expectOk<{ id: number; body: string }>(await run('github.create_issue_comment', { issue_number: 1, body: 'On it.' }));
    expect(data.body).toBe('On it.');
    expect(expectError(await run('github.create_issue_comment', { issue_number: 999, body: 'x' })).error.code).toBe('upstream_not_found');
  });

  it('reads a file in a subdirectory with base64 content and its blob sha', async () => {
    const { data } = expectOk<{ type: string; content: string; sha: string; encoding: string }>(
      await run('github.get_file_contents', { path: 'docs/README.md' }),
    );
    expect(data).toMatchObject({ type: 'file', encoding: 'base64', sha: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(data.content).toContain('\n');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toContain('How to run the API locally');
  });

  it('lists a directory as entries', async () => {
    const { data } = expectOk<{ entries: Array<{ name: string; type: string }> }>(await run('github.get_file_contents', { path: 'docs' }));
    expect(data.entries.map((entry) => entry.name).sort()).toEqual(['README.md', 'obsolete.md']);
  });

  it('opens a pull request, and maps a duplicate to upstream_conflict', async () => {
    const input = { title: 'Add retries', head: 'feature/retry-uploads', base: 'main' };
    const { data } = expectOk<{ number: number; state: string }>(await run('github.create_pull_request', input));
    expect(data).toMatchObject({ number: 14, state: 'open' });
    const again = expectError(await run('github.create_pull_request', input));
    expect(again.error).toMatchObject({ code: 'upstream_conflict', upstreamStatus: 422 });
    expect(again.error.message).toContain('A pull request already exists');
  });

  it('maps "No commits between" to upstream_invalid_request', async () => {
    const result = expectError(await run('github.create_pull_request', { title: 'Nothing', head: 'feature/empty', base: 'main' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'custom' });
  });

  it('deletes a file with its current sha (destructive), and maps a stale sha (409) to upstream_conflict', async () => {
    const file = expectOk<{ sha: string }>(await run('github.get_file_contents', { path: 'docs/obsolete.md' })).data;
    const stale = expectError(await run('github.delete_file', { path: 'docs/obsolete.md', message: 'rm', sha: 'f'.repeat(40) }));
    expect(stale.error).toMatchObject({ code: 'upstream_conflict', upstreamStatus: 409 });
    const { data } = expectOk<{ content: null; commit: { sha: string } }>(
      await run('github.delete_file', { path: 'docs/obsolete.md', message: 'Remove obsolete page', sha: file.sha }),
    );
    expect(data.content).toBeNull();
    expect(expectError(await run('github.get_file_contents', { path: 'docs/obsolete.md' })).error.code).toBe('upstream_not_found');
  });

  it('reads x-ratelimit-* on every response', async () => {
    const result = await run('github.list_issues', {});
    expect(result.rateLimit).toMatchObject({ limited: false, limit: 5000, remaining: 4999, scope: 'core', resetAt: clock.now() + 3_600_000 });
  });

  it('maps 403 with x-ratelimit-remaining 0 to upstream_rate_limited, waiting until the reset', async () => {
    sim.control.setPrimaryLimit(2);
    expectOk(await run('github.list_issues', {}));
    expectOk(await run('github.list_issues', {}));
    clock.advance(600_000);
    const result = expectError(await run('github.list_issues', {}));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 403, retryable: true, retryAfterMs: 3_000_000 });
    expect(result.rateLimit).toMatchObject({ limited: true, remaining: 0, limit: 2 });
  });

  it('treats the 429 form of the primary limit the same way', async () => {
    await restart({ primaryLimitPerHour: 1, primaryLimitStatus: 429 });
    expectOk(await run('github.list_issues', {}));
    expect(expectError(await run('github.list_issues', {})).error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 429 });
  });

  it('honours retry-after on a secondary (content creation) limit', async () => {
    await restart({ contentCreationPerMinute: 1 });
    expectOk(await run('github.create_issue', { title: 'first' }));
    clock.advance(15_000);
    const result = expectError(await run('github.create_issue', { title: 'second' }));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 403, retryAfterMs: 45_000 });
    expect(sim.control.writeCount()).toBe(1);
  });

  it('waits a minute on a secondary limit without retry-after', async () => {
    sim.control.injectFault({ kind: 'rate_limit', variant: 'secondary' });
    expect(expectError(await run('github.create_issue', { title: 'x' })).error).toMatchObject({ code: 'upstream_rate_limited', retryAfterMs: 60_000 });
  });

  it('maps 401 Bad credentials to needs_reauth with authExpired', async () => {
    sim.control.revokeTokens((credential as { token: string }).token);
    const result = expectError(await run('github.list_issues', {}));
    expect(result.error).toMatchObject({ code: 'needs_reauth', authExpired: true, upstreamStatus: 401 });
    expect(result.error.message).toContain('Bad credentials');
  });
});

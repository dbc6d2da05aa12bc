import { ManualClock, startAsanaSimulator, type AsanaSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type Compact = { gid: string; name: string; completed?: boolean };
type Task = { gid: string; name: string; completed: boolean; due_on: string | null; notes: string };

describe('Asana connector against the Asana simulator', () => {
  let sim: RunningSimulator<AsanaSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>) => engineWithClock(clock).executeAction({ action, input, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startAsanaSimulator({ clock, seedTasks: 5 });
    credential = { authMode: 'personal_access_token', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: `${sim.url}/api/1.0` } };
  });
  afterEach(() => sim.stop());

  it('lists live projects of the workspace', async () => {
    const { data } = expectOk<{ data: Compact[] }>(await run('asana.list_projects', { workspace: '1331', archived: false }));
    expect(data.data.map((project) => project.name)).toEqual(['Q3 launch', 'Website refresh']);
  });

  it('pages tasks with the offset token until next_page is null, with opt_fields', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<{ data: Compact[] }>(
        await run('asana.list_tasks', { project: sim.control.project.gid, limit: 2, opt_fields: ['name', 'completed'], ...(cursor ? { cursor } : {}) }),
      );
      names.push(...page.data.data.map((task) => task.name));
      expect(page.data.data.every((task) => typeof task.completed === 'boolean')).toBe(true);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toHaveLength(5);
    clock.advance(60_000);
    const open = expectOk<{ data: Compact[] }>(await run('asana.list_tasks', { project: sim.control.project.gid, completed_since: 'now' }));
    expect(open.data.data.map((task) => task.name)).not.toContain('Seeded task 1');
  });

  it('creates a task in a project, completes it and comments on it', async () => {
    const created = expectOk<{ data: Task }>(
      await run('asana.create_task', { project: sim.control.project.gid, name: 'Draft email', due_on: '2026-02-01', assignee: 'me' }),
    );
    expect(created.data.data).toMatchObject({ name: 'Draft email', completed: false, due_on: '2026-02-01' });
    const done = expectOk<{ data: Task }>(await run('asana.update_task', { task_gid: created.data.data.gid, completed: true }));
    expect(done.data.data.completed).toBe(true);
    const story = expectOk<{ data: { text: string } }>(await run('asana.add_comment', { task_gid: created.data.data.gid, text: 'Sent.' }));
    expect(story.data.data.text).toBe('Sent.');
    expect(sim.control.workspace.tasks.get(created.data.data.gid)?.stories).toHaveLength(1);
  });

  it('maps a 400 (unrecognised assignee) to upstream_invalid_request and an unknown task (404) to upstream_not_found', async () => {
    const task = [...sim.control.workspace.tasks.values()][1] as { gid: string };
    const bad = expectError(await run('asana.update_task', { task_gid: task.gid, assignee: 'nobody' }));
    expect(bad.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400 });
    expect(bad.error.message).toContain('assignee');
    expect(expectError(await run('asana.get_task', { task_gid: '999' })).error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 404 });
  });

  it('deletes a task (destructive): it is gone from reads and from the project', async () => {
    const task = [...sim.control.workspace.tasks.values()][2] as { gid: string };
    expect(expectOk(await run('asana.delete_task', { task_gid: task.gid })).data).toEqual({ data: {} });
    expect(sim.control.workspace.tasks.has(task.gid)).toBe(false);
    expect(expectError(await run('asana.get_task', { task_gid: task.gid })).error.code).toBe('upstream_not_found');
  });

  it('maps 429 with Retry-After to upstream_rate_limited', async () => {
    sim.control.setLimit(1);
    expectOk(await run('asana.list_projects', { workspace: '1331' }));
    clock.advance(30_000);
    const result = expectError(await run('asana.list_projects', { workspace: '1331' }));
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 429, retryAfterMs: 30_000 });
  });

  it('maps Not Authorized to needs_reauth', async () => {
    sim.control.revokeTokens();
    expect(expectError(await run('asana.list_projects', { workspace: '1331' })).error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401 });
  });
});

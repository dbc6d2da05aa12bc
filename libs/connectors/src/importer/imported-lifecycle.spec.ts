import { startSpecDrivenSimulator } from '@causeway/simulators';
import { createCatalog } from '../catalog/catalog';
import { createConnectorEngine } from '../engine/execute-action';
import type { ActionResult, Credential } from '../engine/types';
import { importedProvider, type VendorSpec } from './vendor-specs';

/** A resource's life through imported actions only: what a spec-driven simulator must keep. */
async function harness(vendor: VendorSpec, credential: Credential, secret: string, idFormat?: (sequence: number) => string) {
  const provider = importedProvider(vendor);
  const simulator = await startSpecDrivenSimulator(provider, { secrets: [secret], idFormat });
  const engine = createConnectorEngine({ catalog: createCatalog([provider]), defaultTimeoutMs: 5_000 });
  const call = (action: string, input: Record<string, unknown>) =>
    engine.executeAction({ action: `${vendor}.${action}`, input, credential, connection: { serverOverrides: { default: simulator.serverUrl } } });
  return { simulator, call };
}

function data(result: ActionResult): Record<string, unknown> & { nextCursor?: string } {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return { ...(result.data as Record<string, unknown>), nextCursor: result.nextCursor };
}

describe('Twilio credentials through imported actions (form bodies, Basic auth, next_page_url paging)', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  beforeAll(async () => {
    // The spec constrains SIDs (`CR` + 32 hex digits), so the simulator mints them that way.
    h = await harness(
      'twilio',
      { authMode: 'account_sid_auth_token', kind: 'basic', username: 'AC1', password: 'secret' },
      'AC1:secret',
      (n) => `CR${n.toString(16).padStart(32, '0')}`,
    );
  });
  afterAll(() => h.simulator.stop());

  it('creates, lists page by page, renames, and deletes a credential', async () => {
    const created = await Promise.all(
      ['one', 'two', 'three'].map((name) => h.call('create_aws_credential', { FriendlyName: name, Credentials: 'AKIA:secret' })),
    );
    const sid = data(created[0] as ActionResult)['sid'] as string;
    expect(sid).toMatch(/^CR[0-9a-f]{32}$/);

    const first = data(await h.call('list_aws_credentials', { PageSize: 2 }));
    expect((first['credentials'] as unknown[]).length).toBe(2);
    expect(first.nextCursor).toBeDefined();
    const second = data(await h.call('list_aws_credentials', { PageSize: 2, cursor: first.nextCursor }));
    expect((second['credentials'] as unknown[]).length).toBe(1);
    expect(second.nextCursor).toBeUndefined();

    expect(data(await h.call('rename_aws_credential', { Sid: sid, FriendlyName: 'renamed' }))['FriendlyName']).toBe('renamed');
    expect(data(await h.call('get_aws_credential', { Sid: sid }))['FriendlyName']).toBe('renamed');
    data(await h.call('delete_aws_credential', { Sid: sid }));
    const gone = await h.call('get_aws_credential', { Sid: sid });
    expect(gone.ok ? 'ok' : gone.error.code).toBe('upstream_not_found');
  });
});

describe('Asana tasks through imported actions (the `data` envelope, offset tokens)', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  beforeAll(async () => {
    h = await harness('asana', { authMode: 'personal_access_token', kind: 'token', token: 'pat' }, 'pat');
  });
  afterAll(() => h.simulator.stop());

  it('creates a task inside `data`, reads it back, updates and deletes it', async () => {
    const created = data(await h.call('create_task', { data: { name: 'Write the report' } }));
    const task = created['data'] as { gid: string; name: string };
    expect(task.name).toBe('Write the report');
    expect(data(await h.call('update_task', { task_gid: task.gid, data: { completed: true } }))['data']).toMatchObject({
      name: 'Write the report',
      completed: true,
    });
    data(await h.call('delete_task', { task_gid: task.gid }));
    const gone = await h.call('get_task', { task_gid: task.gid });
    expect(gone.ok ? 'ok' : gone.error.code).toBe('upstream_not_found');
  });

  it('pages the task list with next_page.offset until next_page is null', async () => {
    for (const name of ['a', 'b', 'c']) await h.call('create_task', { data: { name } });
    const first = data(await h.call('list_tasks', { limit: 2 }));
    expect((first['data'] as unknown[]).length).toBe(2);
    const second = data(await h.call('list_tasks', { limit: 2, cursor: first.nextCursor }));
    expect(second['next_page']).toBeNull();
    expect(second.nextCursor).toBeUndefined();
  });
});

describe('Notion block children through imported actions (start_cursor / next_cursor)', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  beforeAll(async () => {
    h = await harness('notion', { authMode: 'internal_integration_token', kind: 'token', token: 'secret_x' }, 'secret_x');
  });
  afterAll(() => h.simulator.stop());

  it('follows next_cursor across pages and stops when has_more is false', async () => {
    for (const id of ['b1', 'b2', 'b3']) h.simulator.control.seed(`/v1/blocks/page1/children/${id}`, { type: 'paragraph' });
    const first = data(await h.call('list_block_children', { id: 'page1', page_size: '2' }));
    expect(first['has_more']).toBe(true);
    const second = data(await h.call('list_block_children', { id: 'page1', page_size: '2', cursor: first.nextCursor }));
    expect((second['results'] as Array<{ id: string }>).map((block) => block.id)).toEqual(['b3']);
    expect(second.nextCursor).toBeUndefined();
  });

  it("answers a missing page in Notion's error shape, mapped by its vendor code", async () => {
    const result = await h.call('get_page', { id: 'nope' });
    expect(result.ok ? 'ok' : result.error.vendorCode).toBe('object_not_found');
  });
});

import { DEFAULT_APPROVAL_POLICY } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import { change, keyData, newView } from './config-view.test-support';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const OTHER_TENANT = '1b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const message = (value: unknown): ReceivedMessage => ({
  topic: 'causeway.config.v1',
  partition: 0,
  offset: '0',
  key: null,
  value: typeof value === 'string' ? value : JSON.stringify(value),
  headers: {},
});
const event = (entity: string, entityId: string, data: Record<string, unknown> | null, op: 'upsert' | 'delete' = 'upsert', tenantId = TENANT) => ({
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  specVersion: 1,
  tenantId,
  entity,
  entityId,
  op,
  version: 1,
  occurredAt: new Date().toISOString(),
  data,
});

/** The approval gate reads the config view: one consumer of the config stream, one copy of keys and roles. */
describe('the config view as the approval policy source', () => {
  it('gives the default policy until the tenant has one, then the stream’s, and ignores malformed ones', async () => {
    const { view } = newView();
    expect(view.policyOf(TENANT)).toEqual(DEFAULT_APPROVAL_POLICY);
    await view.handleBatch([message(event('policy', TENANT, { requireApproval: { tools: ['slack.post_message'] }, overBudget: 'refuse' }))]);
    expect(view.policyOf(TENANT)).toMatchObject({ overBudget: 'refuse', requireApproval: { tools: ['slack.post_message'], sideEffects: [] } });
    // A broken change keeps the last good policy rather than falling back to a laxer one.
    await view.handleBatch([message(event('policy', TENANT, { approvalTtlSeconds: 1 })), message('not json')]);
    expect(view.policyOf(TENANT).overBudget).toBe('refuse');
    expect(view.policyOf(OTHER_TENANT)).toEqual(DEFAULT_APPROVAL_POLICY);
    await view.handleBatch([message(event('policy', TENANT, null, 'delete'))]);
    expect(view.policyOf(TENANT)).toEqual(DEFAULT_APPROVAL_POLICY);
  });

  it('lets a stream change win over a later snapshot entry', async () => {
    const { view } = newView();
    await view.handleBatch([message(event('policy', TENANT, { overBudget: 'refuse' }))]);
    view.applySnapshot([{ tenantId: TENANT, entity: 'policy', entityId: TENANT, version: 0, data: { overBudget: 'approval' } }]);
    expect(view.policyOf(TENANT).overBudget).toBe('refuse');
  });

  it('forgets a tenant whose only config was its policy once the policy goes', async () => {
    const { view } = newView();
    view.apply(change(TENANT, 'policy', TENANT, { overBudget: 'refuse' }), 'stream');
    expect(view.tenantConfig(TENANT)).toBeDefined();
    view.apply(change(TENANT, 'policy', TENANT, null, 'delete'), 'stream');
    expect(view.tenantConfig(TENANT)).toBeUndefined();
  });

  it("knows each key's creator and each member's role, within their tenant only", async () => {
    const { view } = newView();
    await view.handleBatch([
      message(event('api_key', 'key-1', keyData('secret-1', 'cw_key1', { createdBy: 'user-1' }))),
      message(event('role', 'role-1', { name: 'developer', permissions: [] })),
      message(event('membership', 'm-1', { userId: 'user-1', roleId: 'role-1' })),
    ]);
    expect(view.keyCreator(TENANT, 'key-1')).toBe('user-1');
    expect(view.keyCreator(OTHER_TENANT, 'key-1')).toBeUndefined();
    expect(view.roleOf(TENANT, 'user-1')).toBe('developer');
    expect(view.roleOf(OTHER_TENANT, 'user-1')).toBeUndefined();
    // A role of another tenant named by a membership counts as none.
    await view.handleBatch([
      message(event('role', 'role-2', { name: 'owner', permissions: [] }, 'upsert', OTHER_TENANT)),
      message(event('membership', 'm-1', { userId: 'user-1', roleId: 'role-2' })),
    ]);
    expect(view.roleOf(TENANT, 'user-1')).toBeUndefined();
    await view.handleBatch([message(event('membership', 'm-1', null, 'delete'))]);
    expect(view.roleOf(TENANT, 'user-1')).toBeUndefined();
    await view.handleBatch([message(event('api_key', 'key-1', null, 'delete'))]);
    expect(view.keyCreator(TENANT, 'key-1')).toBeUndefined();
  });
});

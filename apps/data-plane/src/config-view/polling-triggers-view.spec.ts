import { PollingTriggersView } from './polling-triggers-view';

const TENANT = 't-1';
const ID = '6f1c5b2a-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const data = { kind: 'jira.issues', params: { jql: 'project = OPS' }, connectionId: 'c-1', enabled: true, createdAt: '2026-12-07T00:00:00.000Z' };

describe('the polling triggers the data plane projects into its table', () => {
  it('applies upserts and deletes from the config stream, telling its listener each time', () => {
    const view = new PollingTriggersView();
    const heard = jest.fn();
    view.onChange(heard);
    expect(view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data }, 'stream')).toBe('applied');
    expect(view.all()).toEqual([{ id: ID, tenantId: TENANT, ...data }]);
    view.apply({ tenantId: TENANT, entityId: ID, op: 'delete', data: null }, 'stream');
    expect(view.all()).toEqual([]);
    expect(heard.mock.calls).toEqual([[ID], [ID]]);
    expect(view.of(ID)).toBeUndefined();
  });

  it('keeps what the stream delivered over an older snapshot entry', () => {
    const view = new PollingTriggersView();
    view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data: { ...data, enabled: false } }, 'stream');
    expect(view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data }, 'snapshot')).toBe('stale');
    expect(view.all()[0].enabled).toBe(false);
  });

  it.each([
    ['an unknown kind', { ...data, kind: 'hubspot.contacts' }],
    ['a non-SOQL object', { ...data, kind: 'salesforce.records', params: { object: 'Account; DROP' } }],
    ['an empty jql', { ...data, params: { jql: '' } }],
  ])('ignores %s, keeping the previous trigger (nothing unchecked reaches a query)', (_what, bad) => {
    const view = new PollingTriggersView();
    view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data }, 'stream');
    expect(view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data: bad }, 'stream')).toBe('invalid');
    expect(view.all()[0].params).toEqual({ jql: 'project = OPS' });
  });
});

import { SubscriptionsView } from './subscriptions-view';

const TENANT = 't-1';
const ID = '6f1c5b2a-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const data = { types: ['com.github.*'], url: 'https://agent.example.com/hook', redact: [], paused: false, createdAt: '2026-12-07T00:00:00.000Z' };

describe('the subscriptions the delivery worker reads', () => {
  it('applies upserts and deletes from the config stream', () => {
    const view = new SubscriptionsView();
    expect(view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data }, 'stream')).toBe('applied');
    expect(view.all()).toEqual([expect.objectContaining({ id: ID, tenantId: TENANT, url: data.url })]);
    expect(view.of(TENANT, ID)).toBeDefined();
    expect(view.of('another-tenant', ID)).toBeUndefined();
    view.apply({ tenantId: TENANT, entityId: ID, op: 'delete', data: null }, 'stream');
    expect(view.all()).toEqual([]);
  });

  it('keeps what the stream delivered over an older snapshot entry', () => {
    const view = new SubscriptionsView();
    view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data: { ...data, paused: true } }, 'stream');
    expect(view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data }, 'snapshot')).toBe('stale');
    expect(view.all()[0].paused).toBe(true);
  });

  it('ignores an entry it cannot read, keeping the previous one', () => {
    const view = new SubscriptionsView();
    view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data }, 'stream');
    expect(view.apply({ tenantId: TENANT, entityId: ID, op: 'upsert', data: { ...data, url: 'file:///etc/passwd' } }, 'stream')).toBe('invalid');
    expect(view.all()[0].url).toBe(data.url);
  });
});

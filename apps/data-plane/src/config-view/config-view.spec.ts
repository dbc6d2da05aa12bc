import { randomUUID } from 'node:crypto';
import { METRIC_NAMES } from '@causeway/observability';
import type { ReceivedMessage } from '@causeway/messaging';
import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { change, connectionData, keyData, newView, pepper, seedTenant } from './config-view.test-support';

describe('ConfigView', () => {
  describe('snapshot and stream', () => {
    it('never lets a snapshot entry overwrite what the stream delivered', () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme', 'snapshot');
      view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { revoked: true })), 'stream');
      view.applySnapshot([change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix))]);
      view.applySnapshot([change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active' })]);
      view.apply(change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'suspended' }), 'stream');
      view.applySnapshot([change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active' })]);

      expect(view.apiKeyByPrefix(acme.key.prefix)?.revoked).toBe(true);
      expect(view.tenant(acme.tenantId)?.status).toBe('suspended');
    });

    it('lets the stream overwrite the snapshot', () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme', 'snapshot');
      view.apply(change(acme.tenantId, 'connection', acme.slack, connectionData('slack', { status: 'needs_reauth' })), 'stream');
      expect(view.connection(acme.tenantId, acme.slack)?.status).toBe('needs_reauth');
    });

    it('reads stream batches, skipping malformed messages', async () => {
      const { view } = newView();
      const tenantId = randomUUID();
      const message = (value: string | null, offset: string) => ({ value, offset, partition: 0 }) as unknown as ReceivedMessage;
      const event = {
        id: randomUUID(),
        specVersion: 1,
        tenantId,
        entity: 'tenant',
        entityId: tenantId,
        op: 'upsert',
        version: 1,
        occurredAt: new Date().toISOString(),
        data: { slug: 'a', name: 'A', status: 'active' },
      };
      await view.handleBatch([message('{not json', '0'), message(null, '1'), message(JSON.stringify(event), '2')]);
      expect(view.tenant(tenantId)?.name).toBe('A');
    });
  });

  it('ignores a change it cannot read, whole: the previous entry stays in use', () => {
    const { view } = newView();
    const acme = seedTenant(view, 'acme');
    view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, { prefix: acme.key.prefix, revoked: 'no' }), 'stream');
    view.apply(change(acme.tenantId, 'connection', acme.slack, { provider: 'slack' }), 'stream');

    expect(new ApiKeyAuthenticator(view, pepper).authenticate(acme.bearer).keyId).toBe(acme.ownerKey);
    expect(view.connectionsFor(acme.tenantId, 'slack').map((c) => c.id)).toEqual([acme.slack]);
  });

  it('leaves approval policies to their own view', () => {
    const { view } = newView();
    view.apply(change('t', 'policy', 'p', { anything: true }), 'stream');
    expect(view.count('policy')).toBe(0);
  });

  it('exports the age of the last applied change', async () => {
    const { view, registry } = newView();
    const age = async () => (await registry.getSingleMetric(METRIC_NAMES.configAge)!.get()).values[0].value;
    expect(await age()).toBe(-1);
    seedTenant(view, 'acme');
    expect(await age()).toBeGreaterThanOrEqual(0);
  });

  it('counts entries per kind and forgets them on delete', () => {
    const { view } = newView();
    const acme = seedTenant(view, 'acme');
    seedTenant(view, 'globex');
    expect([view.count('tenant'), view.count('role'), view.count('membership'), view.count('api_key'), view.count('connection')]).toEqual([2, 4, 4, 2, 2]);

    view.apply(change(acme.tenantId, 'connection', acme.slack, null, 'delete'), 'stream');
    view.apply(change(acme.tenantId, 'tenant', acme.tenantId, null, 'delete'), 'stream');
    expect(view.count('connection')).toBe(1);
    expect(view.count('tenant')).toBe(1);
    expect(view.connection(acme.tenantId, acme.slack)).toBeUndefined();
    expect(view.tenant(acme.tenantId)).toBeUndefined();
  });

  describe('tenant isolation', () => {
    it("never shows one tenant's connection to another, whatever id is asked for", () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme');
      const globex = seedTenant(view, 'globex');
      expect(view.connection(acme.tenantId, globex.slack)).toBeUndefined();
      expect(view.connection(globex.tenantId, globex.slack)?.provider).toBe('slack');
      expect(view.connectionsFor(acme.tenantId, 'slack').map((c) => c.id)).toEqual([acme.slack]);
    });

    it("moves an entity that reappears under another tenant, out of the first tenant's reach", () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme');
      const globex = seedTenant(view, 'globex');
      view.apply(change(globex.tenantId, 'connection', acme.slack, connectionData('slack')), 'stream');
      expect(view.connection(acme.tenantId, acme.slack)).toBeUndefined();
      expect(view.connectionsFor(acme.tenantId, 'slack')).toEqual([]);
      expect(view.connectionsFor(globex.tenantId, 'slack').map((c) => c.id)).toEqual([globex.slack, acme.slack]);
    });

    it("keeps a key of one tenant on its own tenant's roles and memberships", () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme');
      seedTenant(view, 'globex');
      const auth = new ApiKeyAuthenticator(view, pepper);
      // A member of globex only: same user id, not a member of acme.
      view.apply(change(acme.tenantId, 'membership', acme.ownerMembership, null, 'delete'), 'stream');
      expect(auth.authenticate(acme.bearer).permissions).toEqual([]);
    });
  });

  describe('memory', () => {
    it('shares one permission list between identical roles of every tenant', () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme');
      const globex = seedTenant(view, 'globex');
      const a = view.permissionsOf(acme.tenantId, 'owner-user');
      expect(a).toBe(view.permissionsOf(globex.tenantId, 'owner-user'));
      expect(Object.isFrozen(a)).toBe(true);
    });

    it('hands out the same connection record until it changes, so callers may key caches by it', () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme');
      const first = view.connection(acme.tenantId, acme.slack);
      expect(view.connectionsFor(acme.tenantId, 'slack')[0].connection).toBe(first);
      view.apply(change(acme.tenantId, 'connection', acme.slack, connectionData('slack', { params: { team: 'T1' } })), 'stream');
      expect(view.connection(acme.tenantId, acme.slack)).not.toBe(first);
      expect(view.connection(acme.tenantId, acme.slack)?.params).toEqual({ team: 'T1' });
    });
  });

  describe('event retention', () => {
    it('lists the tenants whose policy sets their own retention, in ms, and forgets one that goes back to the default', () => {
      const { view } = newView();
      const acme = seedTenant(view, 'acme');
      seedTenant(view, 'globex');
      const policy = (eventRetentionDays?: number) => ({ slug: 'acme', name: 'acme', status: 'active', policy: { eventRetentionDays } });

      view.apply(change(acme.tenantId, 'tenant', acme.tenantId, policy(30)), 'stream');
      expect(view.eventRetentionOverrides()).toEqual(new Map([[acme.tenantId, 30 * 86_400_000]]));

      view.apply(change(acme.tenantId, 'tenant', acme.tenantId, policy()), 'stream');
      expect(view.eventRetentionOverrides()).toEqual(new Map());
    });
  });
});

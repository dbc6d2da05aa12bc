import { AppError } from '@causeway/platform';
import { ApiKeyAuthenticator, type AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { change, connectionData, keyData, newView, pepper, seedTenant } from '../config-view/config-view.test-support';
import { selectConnection } from './connection-selector';

function setup() {
  const { view } = newView();
  const acme = seedTenant(view, 'acme');
  const globex = seedTenant(view, 'globex');
  const auth = new ApiKeyAuthenticator(view, pepper);
  return { view, acme, globex, principal: () => auth.authenticate(acme.bearer) };
}

function failure(run: () => unknown): { code: string; field?: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.extra.field };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('selectConnection', () => {
  it("uses the tenant's active shared connection by default", () => {
    const { view, acme, principal } = setup();
    view.apply(change(acme.tenantId, 'connection', 'acme-slack-2', connectionData('slack', { status: 'error' })), 'stream');
    expect(selectConnection(view, principal(), 'slack', {}).id).toBe(acme.slack);
  });

  it('prefers an active shared connection over an earlier one that is not', () => {
    const { view, acme, principal } = setup();
    view.apply(change(acme.tenantId, 'connection', acme.slack, connectionData('slack', { status: 'error' })), 'stream');
    view.apply(change(acme.tenantId, 'connection', 'acme-slack-2', connectionData('slack')), 'stream');
    expect(selectConnection(view, principal(), 'slack', {}).id).toBe('acme-slack-2');
  });

  it("uses the end user's own connection for onBehalfOf, matched by user id or external ref", () => {
    const { view, acme, principal } = setup();
    view.apply(
      change(acme.tenantId, 'connection', 'ada-slack', connectionData('slack', { kind: 'user', ownerUserId: 'ada', externalUserRef: 'ada@acme.example' })),
      'stream',
    );
    expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'ada' }).id).toBe('ada-slack');
    expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'ada@acme.example' }).id).toBe('ada-slack');
    expect(failure(() => selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob' }))).toEqual({ code: 'connection_required', field: 'onBehalfOf' });
  });

  it('refuses a connection of another user named explicitly for onBehalfOf', () => {
    const { view, acme, principal } = setup();
    view.apply(change(acme.tenantId, 'connection', 'ada-slack', connectionData('slack', { kind: 'user', ownerUserId: 'ada' })), 'stream');
    expect(failure(() => selectConnection(view, principal(), 'slack', { connectionId: 'ada-slack', onBehalfOf: 'bob' }))).toEqual({
      code: 'forbidden',
      field: 'connectionId',
    });
  });

  it("answers not_found for another tenant's connection id, as for one that does not exist", () => {
    const { view, globex, principal } = setup();
    expect(failure(() => selectConnection(view, principal(), 'slack', { connectionId: globex.slack }))).toEqual({ code: 'not_found', field: 'connectionId' });
    expect(failure(() => selectConnection(view, principal(), 'slack', { connectionId: 'nope' }))).toEqual({ code: 'not_found', field: 'connectionId' });
  });

  it("never falls back to another tenant's connections", () => {
    const { view, acme, principal } = setup();
    view.apply(change(acme.tenantId, 'connection', acme.slack, null, 'delete'), 'stream');
    expect(failure(() => selectConnection(view, principal(), 'slack', {})).code).toBe('connection_required');
  });

  it("narrows every choice to the key's connection allow-list", () => {
    const { view, acme } = setup();
    view.apply(change(acme.tenantId, 'connection', 'acme-slack-2', connectionData('slack')), 'stream');
    view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { allowedConnections: ['acme-slack-2'] })), 'stream');
    const principal = new ApiKeyAuthenticator(view, pepper).authenticate(acme.bearer);
    expect(selectConnection(view, principal, 'slack', {}).id).toBe('acme-slack-2');
    expect(failure(() => selectConnection(view, principal, 'slack', { connectionId: acme.slack }))).toEqual({ code: 'forbidden', field: 'connectionId' });
  });

  it('sees connection changes at once, without a new principal', () => {
    const { view, acme, principal } = setup();
    const before = principal();
    view.apply(change(acme.tenantId, 'connection', acme.slack, connectionData('slack', { status: 'needs_reauth' })), 'stream');
    expect(principal()).toBe(before);
    expect(failure(() => selectConnection(view, before, 'slack', {})).code).toBe('needs_reauth');
  });

  it('serves a principal built by hand through the tenant id', () => {
    const { view, acme } = setup();
    const byHand: AgentPrincipal = {
      tenantId: acme.tenantId,
      keyId: 'k',
      keyName: 'k',
      permissions: ['call:Tool'],
      allowedTools: null,
      allowedConnections: null,
      keyScopes: ['call:Tool'],
      creatorPermissions: ['call:Tool'],
    };
    expect(selectConnection(view, byHand, 'slack', {}).id).toBe(acme.slack);
  });

  describe("under the tenant's sharedConnections policy", () => {
    const withPolicy = (sharedConnections: string) => {
      const env = setup();
      env.view.apply(
        change(env.acme.tenantId, 'tenant', env.acme.tenantId, { slug: 'acme', name: 'acme', status: 'active', policy: { sharedConnections } }),
        'stream',
      );
      env.view.apply(change(env.acme.tenantId, 'connection', 'ada-slack', connectionData('slack', { kind: 'user', ownerUserId: 'ada' })), 'stream');
      return env;
    };

    it('unattended_only (the default): shared for calls without onBehalfOf, never for a user without their own', () => {
      const { view, acme, principal } = withPolicy('unattended_only');
      expect(selectConnection(view, principal(), 'slack', {}).id).toBe(acme.slack);
      expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'ada' }).id).toBe('ada-slack');
      expect(failure(() => selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob' }))).toEqual({ code: 'connection_required', field: 'onBehalfOf' });
      expect(failure(() => selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob', connectionId: acme.slack }))).toEqual({
        code: 'forbidden',
        field: 'connectionId',
      });
    });

    it('always: a user without their own connection falls back to the shared one', () => {
      const { view, acme, principal } = withPolicy('always');
      expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob' }).id).toBe(acme.slack);
      expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'ada' }).id).toBe('ada-slack');
      expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob', connectionId: acme.slack }).id).toBe(acme.slack);
    });

    it("never: every call names a user and runs on that user's own connection", () => {
      const { view, acme, principal } = withPolicy('never');
      expect(failure(() => selectConnection(view, principal(), 'slack', {}))).toEqual({ code: 'connection_required', field: 'onBehalfOf' });
      expect(failure(() => selectConnection(view, principal(), 'slack', { connectionId: acme.slack }))).toEqual({ code: 'forbidden', field: 'connectionId' });
      expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'ada' }).id).toBe('ada-slack');
      expect(failure(() => selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob' }))).toEqual({ code: 'connection_required', field: 'onBehalfOf' });
    });

    it('takes effect on the next call after the policy changes', () => {
      const { view, acme, principal } = withPolicy('always');
      expect(selectConnection(view, principal(), 'slack', { onBehalfOf: 'bob' }).id).toBe(acme.slack);
      view.apply(
        change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active', policy: { sharedConnections: 'never' } }),
        'stream',
      );
      expect(failure(() => selectConnection(view, principal(), 'slack', {})).code).toBe('connection_required');
    });
  });
});

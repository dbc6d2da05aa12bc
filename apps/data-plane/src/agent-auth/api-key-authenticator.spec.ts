import { BUILT_IN_ROLE_PERMISSIONS, generateApiKey, hashApiKeySecret } from '@causeway/authz';
import { AppError } from '@causeway/platform';
import { callDeniedBy } from '../actions/call-permission';
import { change, keyData, newView, pepper, seedTenant } from '../config-view/config-view.test-support';
import { ApiKeyAuthenticator, type AgentPrincipal } from './api-key-authenticator';

function setup(now = () => Date.parse('2026-11-22T12:00:00Z')) {
  const { view } = newView();
  const acme = seedTenant(view, 'acme');
  return { view, acme, auth: new ApiKeyAuthenticator(view, pepper, now) };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ApiKeyAuthenticator', () => {
  it("gives a valid key its scopes narrowed to its creator's role", () => {
    const { view, acme, auth } = setup();
    view.apply(
      change(acme.tenantId, 'api_key', 'dev-key', keyData('x'.repeat(43), 'devkey000000', { createdBy: 'dev-user', scopes: ['call:Tool', 'delete:Tenant'] })),
      'stream',
    );

    const principal = auth.authenticate(`Bearer cw_devkey000000_${'x'.repeat(43)}`);

    expect(principal).toMatchObject({
      tenantId: acme.tenantId,
      keyId: 'dev-key',
      keyName: 'agent',
      permissions: ['call:Tool'],
      keyScopes: ['call:Tool', 'delete:Tenant'],
    });
    expect(principal.creatorPermissions).toEqual(BUILT_IN_ROLE_PERMISSIONS.developer);
    expect(auth.authenticate(acme.bearer).permissions).toEqual(['call:Tool', 'proxy:Connection', 'read:Tool']);
  });

  it('refuses a missing, malformed, unknown or wrong key with the same answer', () => {
    const { acme, auth } = setup();
    const other = generateApiKey();
    for (const header of [undefined, 'Basic abc', `Bearer ${other.key}`, `Bearer cw_${acme.key.prefix}_${other.secret}`, `Bearer ${acme.key.key}x`]) {
      expect(refusal(() => auth.authenticate(header))).toBe('unauthenticated');
    }
  });

  it('answers an unknown key with a retryable 503, not a refusal, until the start-up snapshot is in', () => {
    const { view, acme, auth } = setup();
    view.expectSnapshot();
    const unknown = generateApiKey();

    expect(refusal(() => auth.authenticate(`Bearer ${unknown.key}`))).toBe('unavailable');
    expect(auth.authenticate(acme.bearer).tenantId).toBe(acme.tenantId);

    view.applySnapshot([]);
    expect(refusal(() => auth.authenticate(`Bearer ${unknown.key}`))).toBe('unauthenticated');
  });

  it('refuses a revoked key from the next call on', () => {
    const { view, acme, auth } = setup();
    auth.authenticate(acme.bearer);
    view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { revoked: true })), 'stream');
    expect(refusal(() => auth.authenticate(acme.bearer))).toBe('unauthenticated');
  });

  it('refuses a deleted key', () => {
    const { view, acme, auth } = setup();
    auth.authenticate(acme.bearer);
    view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, null, 'delete'), 'stream');
    expect(refusal(() => auth.authenticate(acme.bearer))).toBe('unauthenticated');
  });

  it('refuses a key once it has expired', () => {
    let now = Date.parse('2026-11-22T12:00:00Z');
    const { view, acme, auth } = setup(() => now);
    view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { expiresAt: '2026-11-22T13:00:00Z' })), 'stream');
    expect(auth.authenticate(acme.bearer).keyId).toBe(acme.ownerKey);
    now = Date.parse('2026-11-22T13:00:00Z');
    expect(refusal(() => auth.authenticate(acme.bearer))).toBe('unauthenticated');
  });

  it('accepts the previous secret during the rotation overlap only', () => {
    let now = Date.parse('2026-11-22T12:00:00Z');
    const { view, acme, auth } = setup(() => now);
    const rotated = generateApiKey();
    view.apply(
      change(
        acme.tenantId,
        'api_key',
        acme.ownerKey,
        keyData(rotated.secret, acme.key.prefix, { previousSecretHash: hashApiKeySecret(pepper, acme.key.secret), previousValidUntil: '2026-11-22T12:05:00Z' }),
      ),
      'stream',
    );
    const newBearer = `Bearer cw_${acme.key.prefix}_${rotated.secret}`;
    expect(auth.authenticate(acme.bearer).keyId).toBe(acme.ownerKey);
    expect(auth.authenticate(newBearer).keyId).toBe(acme.ownerKey);
    now = Date.parse('2026-11-22T12:05:00Z');
    expect(refusal(() => auth.authenticate(acme.bearer))).toBe('unauthenticated');
    expect(auth.authenticate(newBearer).keyId).toBe(acme.ownerKey);
  });

  it('refuses every key of a suspended tenant, and serves it again once reactivated', () => {
    const { view, acme, auth } = setup();
    auth.authenticate(acme.bearer);
    view.apply(change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'suspended' }), 'stream');
    expect(refusal(() => auth.authenticate(acme.bearer))).toBe('forbidden');
    view.apply(change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'active' }), 'stream');
    expect(auth.authenticate(acme.bearer).keyId).toBe(acme.ownerKey);
  });

  it('still checks the secret of a suspended tenant first, so a wrong key learns nothing', () => {
    const { view, acme, auth } = setup();
    view.apply(change(acme.tenantId, 'tenant', acme.tenantId, { slug: 'acme', name: 'acme', status: 'suspended' }), 'stream');
    expect(refusal(() => auth.authenticate(`Bearer cw_${acme.key.prefix}_${generateApiKey().secret}`))).toBe('unauthenticated');
  });

  describe('what a key may do follows its creator at once', () => {
    it("narrows the key when the creator's role loses a permission", () => {
      const { view, acme, auth } = setup();
      expect(callDeniedBy(auth.authenticate(acme.bearer), 'slack.post_message')).toBeNull();
      view.apply(change(acme.tenantId, 'role', acme.ownerRole, { name: 'owner', permissions: ['read:Tool'] }), 'stream');
      const principal = auth.authenticate(acme.bearer);
      expect(principal.permissions).toEqual(['read:Tool']);
      expect(callDeniedBy(principal, 'slack.post_message')).toBe('creator_permissions');
    });

    it('narrows the key when the creator is moved to a smaller role', () => {
      const { view, acme, auth } = setup();
      auth.authenticate(acme.bearer);
      view.apply(change(acme.tenantId, 'role', 'acme-role-auditor', { name: 'auditor', permissions: BUILT_IN_ROLE_PERMISSIONS.auditor }), 'stream');
      view.apply(change(acme.tenantId, 'membership', acme.ownerMembership, { userId: 'owner-user', roleId: 'acme-role-auditor' }), 'stream');
      expect(auth.authenticate(acme.bearer).permissions).toEqual([]);
    });

    it('disables the key when the creator leaves the tenant, and says so in explain', () => {
      const { view, acme, auth } = setup();
      auth.authenticate(acme.bearer);
      view.apply(change(acme.tenantId, 'membership', acme.ownerMembership, null, 'delete'), 'stream');
      const principal = auth.authenticate(acme.bearer);
      expect(principal.permissions).toEqual([]);
      expect(principal.creatorPermissions).toBeUndefined();
      expect(callDeniedBy(principal, 'slack.post_message')).toBe('creator_permissions');
    });

    it('disables the key when the creator role is deleted', () => {
      const { view, acme, auth } = setup();
      auth.authenticate(acme.bearer);
      view.apply(change(acme.tenantId, 'role', acme.ownerRole, null, 'delete'), 'stream');
      expect(auth.authenticate(acme.bearer).permissions).toEqual([]);
    });

    it('restores the key when the creator gets the permission back', () => {
      const { view, acme, auth } = setup();
      view.apply(change(acme.tenantId, 'membership', acme.ownerMembership, null, 'delete'), 'stream');
      expect(auth.authenticate(acme.bearer).permissions).toEqual([]);
      view.apply(change(acme.tenantId, 'membership', acme.ownerMembership, { userId: 'owner-user', roleId: acme.ownerRole }), 'stream');
      expect(auth.authenticate(acme.bearer).permissions).toContain('call:Tool');
    });

    it("ignores a role of another tenant that the membership's role id points to", () => {
      const { view, acme, auth } = setup();
      const globex = seedTenant(view, 'globex');
      view.apply(change(acme.tenantId, 'membership', acme.ownerMembership, { userId: 'owner-user', roleId: globex.ownerRole }), 'stream');
      expect(auth.authenticate(acme.bearer).permissions).toEqual([]);
    });
  });

  describe('explain names the layer that denies a call', () => {
    it('names the key scopes when the key lacks call:Tool', () => {
      const { view, acme, auth } = setup();
      view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { scopes: ['read:Tool'] })), 'stream');
      expect(callDeniedBy(auth.authenticate(acme.bearer), 'slack.post_message')).toBe('key_scopes');
    });

    it('names the tool allow-list for a tool outside it, and honours connector wildcards', () => {
      const { view, acme, auth } = setup();
      view.apply(
        change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { allowedTools: ['jira.*', 'slack.list_channels'] })),
        'stream',
      );
      const principal = auth.authenticate(acme.bearer);
      expect(callDeniedBy(principal, 'slack.post_message')).toBe('tool_allow_list');
      expect(callDeniedBy(principal, 'slack.list_channels')).toBeNull();
      expect(callDeniedBy(principal, 'jira.create_issue')).toBeNull();
      expect(callDeniedBy(principal, 'jiraa.create_issue')).toBe('tool_allow_list');
    });

    it('expands manage:Tool in key scopes', () => {
      const { view, acme, auth } = setup();
      view.apply(change(acme.tenantId, 'api_key', acme.ownerKey, keyData(acme.key.secret, acme.key.prefix, { scopes: ['manage:Tool'] })), 'stream');
      expect(callDeniedBy(auth.authenticate(acme.bearer), 'slack.post_message')).toBeNull();
    });

    it('decides the same for a principal built by hand (no precomputed masks)', () => {
      const byHand: AgentPrincipal = {
        tenantId: 't',
        keyId: 'k',
        keyName: 'k',
        permissions: ['read:Tool'],
        allowedTools: null,
        allowedConnections: null,
        keyScopes: ['call:Tool', 'read:Tool'],
        creatorPermissions: ['read:Tool'],
      };
      expect(callDeniedBy(byHand, 'slack.post_message')).toBe('creator_permissions');
      expect(callDeniedBy({ ...byHand, keyScopes: ['read:Tool'] }, 'slack.post_message')).toBe('key_scopes');
    });
  });

  describe('the principal is computed once per config change', () => {
    it('hands out the same frozen principal until something of its tenant changes', () => {
      const { view, acme, auth } = setup();
      const first = auth.authenticate(acme.bearer);
      expect(auth.authenticate(acme.bearer)).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      view.apply(change(acme.tenantId, 'role', acme.developerRole, { name: 'developer', permissions: ['read:Tool'] }), 'stream');
      const second = auth.authenticate(acme.bearer);
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
    });

    it('keeps it across changes of other tenants and of connections', () => {
      const { view, acme, auth } = setup();
      const first = auth.authenticate(acme.bearer);
      seedTenant(view, 'globex');
      view.apply(
        change(acme.tenantId, 'connection', 'acme-jira', {
          provider: 'jira',
          name: 'Jira',
          authMode: 'oauth2',
          kind: 'shared',
          ownerUserId: null,
          externalUserRef: null,
          status: 'active',
          params: {},
          serverOverrides: null,
        }),
        'stream',
      );
      expect(auth.authenticate(acme.bearer)).toBe(first);
    });

    it('keeps the tenant config out of what a log line would serialise', () => {
      const { acme, auth } = setup();
      const principal = auth.authenticate(acme.bearer);
      expect(principal.tenantConfig?.id).toBe(acme.tenantId);
      expect(Object.keys(JSON.parse(JSON.stringify(principal)))).not.toContain('tenantConfig');
    });
  });
});

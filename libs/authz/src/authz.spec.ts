import {
  abilityFor,
  ALL_PERMISSIONS,
  BUILT_IN_ROLE_PERMISSIONS,
  canonicalPermissionName,
  effectiveKeyPermissions,
  expandPermissions,
  isPermission,
  maskHas,
  permissionBit,
  permissionMask,
  permissionsOfMask,
  scopesBeyondCreator,
} from './index';

describe('permissions', () => {
  it('expands manage into every action the subject has', () => {
    expect(expandPermissions(['manage:ApiKey'])).toEqual(['create:ApiKey', 'delete:ApiKey', 'read:ApiKey', 'update:ApiKey']);
  });

  it('drops names that are not permissions', () => {
    expect(expandPermissions(['fly:Tool', 'read:Nothing', 'call:Tool'])).toEqual(['call:Tool']);
  });

  it('lets only owners delete the tenant', () => {
    expect(abilityFor(BUILT_IN_ROLE_PERMISSIONS.owner).can('delete', 'Tenant')).toBe(true);
    expect(abilityFor(BUILT_IN_ROLE_PERMISSIONS.admin).can('delete', 'Tenant')).toBe(false);
  });

  it('lets auditors read the audit trail and nothing they could change', () => {
    const auditor = abilityFor(BUILT_IN_ROLE_PERMISSIONS.auditor);
    expect(auditor.can('read', 'AuditEvent')).toBe(true);
    expect(auditor.can('create', 'ApiKey')).toBe(false);
    expect(abilityFor(BUILT_IN_ROLE_PERMISSIONS.viewer).can('read', 'AuditEvent')).toBe(false);
  });
});

describe('API key inheritance', () => {
  it('intersects the key scopes with what the creator holds now', () => {
    const scopes = ['call:Tool', 'read:Connection'];
    expect(effectiveKeyPermissions(scopes, BUILT_IN_ROLE_PERMISSIONS.developer)).toEqual(['call:Tool', 'read:Connection']);
    expect(effectiveKeyPermissions(scopes, BUILT_IN_ROLE_PERMISSIONS.viewer)).toEqual(['read:Connection']);
  });

  it('disables a key whose creator left the tenant', () => {
    expect(effectiveKeyPermissions(['call:Tool'], undefined)).toEqual([]);
  });

  it('narrows by the tenant policy too', () => {
    expect(effectiveKeyPermissions(['call:Tool', 'read:Tool'], BUILT_IN_ROLE_PERMISSIONS.owner, ['read:Tool'])).toEqual(['read:Tool']);
  });

  it('names the scopes a creator asks for beyond their own', () => {
    expect(scopesBeyondCreator(['call:Tool', 'delete:Tenant'], BUILT_IN_ROLE_PERMISSIONS.developer)).toEqual(['delete:Tenant']);
  });
});

describe('permission masks', () => {
  it('answers membership with one bit test, manage included', () => {
    const mask = permissionMask(['manage:Tool', 'read:Tenant', 'fly:Tool']);
    expect(maskHas(mask, permissionBit('call:Tool'))).toBe(true);
    expect(maskHas(mask, permissionBit('read:Tenant'))).toBe(true);
    expect(maskHas(mask, permissionBit('delete:Tenant'))).toBe(false);
  });

  it('reads a mask back as the sorted, shared, frozen list', () => {
    const list = permissionsOfMask(permissionMask(['read:Tool', 'call:Tool']));
    expect(list).toEqual(['call:Tool', 'read:Tool']);
    expect(permissionsOfMask(permissionMask(['call:Tool', 'read:Tool']))).toBe(list);
    expect(Object.isFrozen(list)).toBe(true);
  });

  it('knows the permission names, and only those', () => {
    expect(isPermission('call:Tool')).toBe(true);
    expect(isPermission('manage:Tool')).toBe(false);
    expect(isPermission('toString')).toBe(false);
  });

  it('gives one canonical string per name, keeping names it does not know', () => {
    const fromJson = JSON.parse('["call:Tool","manage:Tool","fly:Tool"]') as string[];
    expect(fromJson.map(canonicalPermissionName)).toEqual(fromJson);
    expect(canonicalPermissionName(fromJson[0])).toBe(ALL_PERMISSIONS.find((p) => p === 'call:Tool'));
  });
});

import { apiKeySecretMatches, parseApiKey, permissionMask, permissionsOfMask, type Permission, type PermissionMask } from '@causeway/authz';
import { DEFAULT_TENANT_ACCESS_POLICY, type TenantAccessPolicy } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import type { ConfigView } from '../config-view/config-view';
import type { ApiKeyEntry, TenantConfig } from '../config-view/tenant-config';

/**
 * An agent, as the data plane knows it for one request. The authenticator hands out one
 * frozen object per key and config generation: never change it, never keep it across calls.
 */
export interface AgentPrincipal {
  readonly tenantId: string;
  readonly keyId: string;
  readonly keyName: string;
  /** Key scopes ∩ the creator's current role permissions (sorted; shared, frozen). */
  readonly permissions: readonly Permission[];
  readonly allowedTools: readonly string[] | null;
  readonly allowedConnections: readonly string[] | null;
  /** The layers the permissions came from, for `explain` on a denied call. */
  readonly keyScopes: readonly string[];
  readonly creatorPermissions: readonly string[] | undefined;
  /** `permissions` as bits (libs/authz `permissionMask`); absent on principals built by hand. */
  readonly permissionMask?: PermissionMask;
  /** The key's own scopes as bits, the `key_scopes` layer; absent on principals built by hand. */
  readonly keyScopeMask?: PermissionMask;
  /** The key's tenant in the config view, so a call reaches its connections by pointer (not enumerable). */
  readonly tenantConfig?: TenantConfig;
  /** The tenant's access policy, the outermost layer; absent on principals built by hand (the defaults apply). */
  readonly tenantPolicy?: TenantAccessPolicy;
}

const refused = () => new AppError('unauthenticated', 'send a valid API key: Authorization: Bearer cw_…');
// A replica that started while the control plane was unreachable may not know a valid key yet:
// telling the agent its key is wrong would be false, and agents retry a 503.
const stillLoading = () => new AppError('unavailable', 'this replica is still loading its configuration; try again shortly', { retryAfterMs: 1000 });

/** A key's principal as computed for one config generation of its tenant, with the tenant's suspension. */
interface CachedPrincipal {
  readonly principal: AgentPrincipal;
  readonly tenantSuspended: boolean;
  readonly generation: number;
}

/**
 * Authenticates an API key against the in-memory config view: no database, no control-plane
 * call. Every failure gives the same answer, so a caller cannot probe which keys exist.
 *
 * Per call: one lookup by the key's prefix, the HMAC of the presented secret, the key's
 * revocation, expiry and rotation window against the clock, the tenant's status. What the key
 * may do (its principal) is computed once per config generation of its tenant: any change to
 * the tenant, its roles, memberships or keys bumps the generation, so a demoted creator or a
 * removed membership narrows the key on its next call. The cache is the authenticator's own,
 * keyed by the view's key entry (replaced on every change of the key, and collected with it),
 * so the config view knows nothing of principals.
 *
 * The secret is verified on every call, deliberately without a cache of past successes: a
 * cache would have to hold the secret or a digest of it, and a digest is as dear to compute
 * as the HMAC it would save (a cheaper, non-cryptographic one would let a colliding secret in).
 */
export class ApiKeyAuthenticator {
  private readonly principals = new WeakMap<ApiKeyEntry, CachedPrincipal>();

  constructor(
    private readonly view: ConfigView,
    private readonly pepper: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  authenticate(authorization: string | string[] | undefined): AgentPrincipal {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const parsed = match ? parseApiKey(match[1]) : null;
    if (!parsed) throw refused();
    const key = this.view.apiKeyByPrefix(parsed.prefix);
    if (!key) throw this.view.isComplete ? refused() : stillLoading();
    const now = this.now();
    const current = apiKeySecretMatches(this.pepper, parsed.secret, key.secretHash);
    const previous = !current && key.previousValidUntilMs > now && apiKeySecretMatches(this.pepper, parsed.secret, key.previousSecretHash);
    if (!current && !previous) throw refused();
    if (key.revoked || key.expiresAtMs <= now) throw refused();
    const cached = this.principalOf(key);
    if (cached.tenantSuspended) throw new AppError('forbidden', 'this tenant is suspended');
    return cached.principal;
  }

  /** The key's principal (and its tenant's status) for the tenant's current config generation. */
  private principalOf(key: ApiKeyEntry): CachedPrincipal {
    const tenant = key.tenant;
    const cached = this.principals.get(key);
    if (cached && cached.generation === tenant.generation) return cached;
    const creatorPermissions = this.view.rolePermissions(tenant, key.createdBy);
    const keyScopeMask = permissionMask(key.scopes);
    const mask = creatorPermissions ? keyScopeMask & permissionMask(creatorPermissions) : 0;
    const principal: AgentPrincipal = {
      tenantId: tenant.id,
      keyId: key.id,
      keyName: key.name,
      permissions: permissionsOfMask(mask),
      allowedTools: key.allowedTools,
      allowedConnections: key.allowedConnections,
      keyScopes: key.scopes,
      creatorPermissions,
      permissionMask: mask,
      keyScopeMask,
      tenantPolicy: tenant.record?.policy ?? DEFAULT_TENANT_ACCESS_POLICY,
    };
    // Not enumerable: a principal that ends up in a log line must not drag the tenant's config with it.
    Object.defineProperty(principal, 'tenantConfig', { value: tenant, enumerable: false });
    const fresh: CachedPrincipal = {
      principal: Object.freeze(principal),
      tenantSuspended: tenant.record?.status === 'suspended',
      generation: tenant.generation,
    };
    this.principals.set(key, fresh);
    return fresh;
  }
}

import { apiKeySecretMatches, effectiveKeyPermissions, parseApiKey, type Permission } from '@causeway/authz';
import { AppError } from '@causeway/platform';
import type { ConfigView } from '../config-view/config-view';

/** An agent, as the data plane knows it for one request. */
export interface AgentPrincipal {
  tenantId: string;
  keyId: string;
  keyName: string;
  /** Key scopes ∩ the creator's current role permissions, computed per request. */
  permissions: Permission[];
  allowedTools: string[] | null;
  allowedConnections: string[] | null;
  /** The layers the permissions came from, for `explain` on a denied call. */
  keyScopes: string[];
  creatorPermissions: string[] | undefined;
}

const refused = () => new AppError('unauthenticated', 'send a valid API key: Authorization: Bearer cw_…');

/**
 * Authenticates an API key against the in-memory config view: no database, no control-plane
 * call. Every failure gives the same answer, so a caller cannot probe which keys exist.
 */
export class ApiKeyAuthenticator {
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
    const found = this.view.apiKeyByPrefix(parsed.prefix);
    if (!found) throw refused();
    const { key, tenantId, id } = found;
    const now = this.now();
    const current = apiKeySecretMatches(this.pepper, parsed.secret, key.secretHash);
    const previous =
      !current && key.previousValidUntil !== null && Date.parse(key.previousValidUntil) > now && apiKeySecretMatches(this.pepper, parsed.secret, key.previousSecretHash);
    if (!current && !previous) throw refused();
    if (key.revoked || (key.expiresAt !== null && Date.parse(key.expiresAt) <= now)) throw refused();
    if (this.view.tenant(tenantId)?.status === 'suspended') throw new AppError('forbidden', 'this tenant is suspended');
    const creatorPermissions = this.view.permissionsOf(tenantId, key.createdBy);
    return {
      tenantId,
      keyId: id,
      keyName: key.name,
      permissions: effectiveKeyPermissions(key.scopes, creatorPermissions),
      allowedTools: key.allowedTools,
      allowedConnections: key.allowedConnections,
      keyScopes: key.scopes,
      creatorPermissions,
    };
  }
}

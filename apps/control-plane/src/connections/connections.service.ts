import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { toSecretData, type AuditActor, type StoredCredential } from '@causeway/contracts';
import { catalog, createConnectorEngine, GENERIC_OAUTH2_PROVIDER_ID, isMintingMode, type MintingMode, type ProviderDefinition } from '@causeway/connectors';
import { secretPath, type SecretStore } from '@causeway/secrets';
import { providerTransport, type EgressGuard } from '@causeway/egress';
import { parseInput } from '@causeway/platform';
import { createdAtKey, decodeCursor, encodeCursor, type Page } from '../common/pagination';
import { CONTROL_PLANE_SCHEMA } from '../database/schema';
import { DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Membership } from '../memberships/membership.entity';
import { activeTenantProvider } from '../tenant-connectors/active-connectors';
import { isTenantProviderId } from '../tenant-connectors/connector-upload';
import { Tenant } from '../tenants/tenant.entity';
import { connectionConfig, connectionSummary } from './connection-config';
import { Connection, type ConnectionStatus } from './connection.entity';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';
import { checkAtUserinfo } from './generic-identity-check';
import { mintAtConnect } from './minted-connection';
import { OAuthApp } from './oauth-app.entity';
import { authModeOf, IDENTITY_CHECKS, providerOf } from './provider-modes';
import { revokeAtProvider, type ProviderRevocation } from './provider-revocation';
import { readCredential, readOAuthClient } from './stored-secrets';
import { PROVIDER_EGRESS, UPSTREAM_OVERRIDES_ALLOWED } from './tokens';
import { WebhookRegistrationService } from './webhook-registration';

const name = z.string().trim().min(1).max(100);
const overrides = z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]*$/), z.url()).nullish();

export const createConnectionInput = z
  .object({
    provider: z.string(),
    name,
    authMode: z.string().nullish(),
    kind: z.enum(['shared', 'user']),
    ownerUserId: z.uuid().nullish(),
    externalUserRef: z.string().min(1).max(200).nullish(),
    token: z.string().min(1).max(8192).nullish(),
    username: z.string().min(1).max(500).nullish(),
    password: z.string().min(1).max(8192).nullish(),
    params: z.record(z.string(), z.string().max(2000)).nullish(),
    serverOverrides: overrides,
    // Client-credentials and JWT-bearer modes: the credential a token is minted from.
    clientId: z.string().trim().min(1).max(500).nullish(),
    clientSecret: z.string().min(1).max(4096).nullish(),
    privateKey: z.string().min(1).max(16_384).nullish(),
    keyId: z.string().min(1).max(200).nullish(),
    serviceAccountKey: z.string().min(1).max(32_768).nullish(),
    subject: z.string().min(1).max(500).nullish(),
    scopes: z.array(z.string().min(1).max(200)).max(100).nullish(),
  })
  .refine((i) => i.kind === 'shared' || i.ownerUserId || i.externalUserRef, {
    path: ['ownerUserId'],
    message: 'a user connection needs ownerUserId or externalUserRef',
  });

export type CreateConnectionInput = z.input<typeof createConnectionInput>;

export interface ConnectionView extends Connection {
  /** Past the tenant's maximum credential age. */
  credentialTooOld: boolean;
}

@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger('Connections');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
    @Inject(UPSTREAM_OVERRIDES_ALLOWED) readonly overridesAllowed: boolean,
    @Inject(PROVIDER_EGRESS) private readonly egress: EgressGuard,
    private readonly webhooks: WebhookRegistrationService,
  ) {}

  /** Through the egress guard: the provider's declared hosts and the connection's verified URLs. */
  private transportFor(connection: Connection, extra: (string | undefined)[] = []) {
    return providerTransport(this.egress, catalog.provider(connection.provider)?.hosts ?? [], [
      ...Object.values(connection.params),
      ...Object.values(connection.serverOverrides ?? {}),
      ...extra,
    ]);
  }

  /** One of the tenant's own connectors (its active version); another tenant's is unknown here. */
  private async tenantProvider(tenantId: string, id: string): Promise<ProviderDefinition> {
    const provider = await activeTenantProvider(this.dataSource, tenantId, id);
    if (!provider)
      throw new ConnectionsError(ConnectionsErrorCode.UnknownProvider, `unknown provider "${id}": no connector of this tenant has that id`, 'provider');
    return provider;
  }

  assertOverridesAllowed(value: unknown, field: string) {
    if (value && !this.overridesAllowed) {
      throw new ConnectionsError(ConnectionsErrorCode.OverridesNotAllowed, `${field}: upstream overrides are disabled by the operator`, field);
    }
  }

  /** A connection with a static credential (API key, bearer token, basic auth, a database login). */
  async createWithCredential(tenantId: string, actor: AuditActor & { type: 'user' }, input: CreateConnectionInput): Promise<ConnectionView> {
    const i = parseInput(createConnectionInput, input, { whole: 'input' });
    const provider = isTenantProviderId(i.provider) ? await this.tenantProvider(tenantId, i.provider) : providerOf(i.provider);
    const mode = authModeOf(provider, i.authMode);
    this.assertOverridesAllowed(i.serverOverrides, 'serverOverrides');
    let credential: StoredCredential;
    // A database role and password (PostgreSQL) is kept like Basic auth's: the driver logs in with it.
    if (mode.type === 'basic' || mode.type === 'database_password') {
      if (!i.username || !i.password)
        throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `username and password are required for ${mode.id}`, 'username');
      credential = { kind: 'basic', authMode: mode.id, username: i.username, password: i.password };
    } else if (mode.type === 'bearer_token' || mode.type === 'api_key') {
      if (!i.token) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `token is required for ${mode.id}`, 'token');
      credential = { kind: 'token', authMode: mode.id, accessToken: i.token };
    } else if (isMintingMode(mode)) {
      if (i.ownerUserId) await this.assertMember(tenantId, i.ownerUserId);
      return this.createMinted(tenantId, actor, provider, mode, i);
    } else {
      throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${mode.id} is an OAuth mode: use startConnection`, 'authMode');
    }
    if (i.ownerUserId) await this.assertMember(tenantId, i.ownerUserId);
    return this.createConnection(tenantId, actor, {
      provider: provider.id,
      name: i.name,
      authMode: mode.id,
      kind: i.kind,
      ownerUserId: i.kind === 'user' ? (i.ownerUserId ?? null) : null,
      externalUserRef: i.kind === 'user' ? (i.externalUserRef ?? null) : null,
      params: i.params ?? {},
      serverOverrides: i.serverOverrides ?? null,
      scopes: [],
      credential,
      credentialExpiresAt: null,
    });
  }

  /** A client-credentials or JWT-bearer connection: its first token is minted before anything is stored. */
  private async createMinted(
    tenantId: string,
    actor: AuditActor & { type: 'user' },
    provider: ProviderDefinition,
    mode: MintingMode,
    i: z.output<typeof createConnectionInput>,
  ): Promise<ConnectionView> {
    // The vendor's token endpoint, unless the operator replaced it for this tenant's app (simulators).
    const app = await this.dataSource.getRepository(OAuthApp).findOne({ where: { tenantId, provider: provider.id } });
    const replacement = this.overridesAllowed ? app?.endpointOverrides?.['tokenUrl'] : undefined;
    const allowed = [...Object.values(i.serverOverrides ?? {}), ...(replacement ? [replacement] : [])];
    const minted = await mintAtConnect(
      provider,
      mode,
      i,
      replacement,
      (tokenUrl) => providerTransport(this.egress, provider.hosts, [tokenUrl, ...allowed]),
      allowed,
    );
    return this.createConnection(tenantId, actor, {
      provider: provider.id,
      name: i.name,
      authMode: mode.id,
      kind: i.kind,
      ownerUserId: i.kind === 'user' ? (i.ownerUserId ?? null) : null,
      externalUserRef: i.kind === 'user' ? (i.externalUserRef ?? null) : null,
      params: minted.params,
      serverOverrides: i.serverOverrides ?? null,
      scopes: minted.scopes,
      credential: minted.credential,
      credentialExpiresAt: minted.expiresAt,
    });
  }

  /**
   * Stores the credential first (check-and-set on an empty path), then the row and its events
   * in one transaction; if the transaction fails the secret is removed again, so neither a
   * row without a credential nor an orphaned credential survives.
   */
  async createConnection(
    tenantId: string,
    actor: AuditActor,
    draft: Pick<
      Connection,
      'provider' | 'name' | 'authMode' | 'kind' | 'ownerUserId' | 'externalUserRef' | 'params' | 'serverOverrides' | 'scopes' | 'credentialExpiresAt'
    > & { credential: StoredCredential },
  ): Promise<ConnectionView> {
    const id = randomUUID();
    const path = secretPath.connection(tenantId, id);
    await this.secrets.write(path, toSecretData(draft.credential as Record<string, string | undefined>), { cas: 0 });
    try {
      const created = await this.dataSource.transaction(async (manager) => {
        const { credential: _credential, ...fields } = draft;
        const row = await manager.save(
          manager.create(Connection, {
            ...fields,
            id,
            tenantId,
            status: 'active',
            statusReason: null,
            createdBy: actor.id,
            credentialCreatedAt: new Date(),
            credentialRotatedAt: null,
          }),
        );
        await recordChange(manager, {
          tenantId,
          actor,
          action: 'connection.created',
          target: { type: 'connection', id },
          after: connectionSummary(row),
          config: connectionConfig(row),
        });
        return row;
      });
      this.nudgeOutbox();
      await this.webhooks.afterConnected(tenantId, actor, created);
      return this.view(created, await this.maxAgeDays(tenantId));
    } catch (error) {
      await this.secrets.delete(path).catch(() => undefined);
      throw error;
    }
  }

  async list(tenantId: string, first: number, after?: string | null): Promise<Page<ConnectionView>> {
    const cursor = after ? decodeCursor(after) : null;
    const qb = this.dataSource
      .getRepository(Connection)
      .createQueryBuilder('c')
      .where('c.tenantId = :tenantId', { tenantId })
      .orderBy(createdAtKey('c'), 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(first + 1);
    if (cursor) qb.andWhere(`(${createdAtKey('c')}, c.id) > (:at, :id)`, { at: cursor.at, id: cursor.id });
    const rows = await qb.getMany();
    const maxAge = await this.maxAgeDays(tenantId);
    return { items: rows.slice(0, first).map((r) => this.view(r, maxAge)), hasNextPage: rows.length > first, cursorOf: (c) => encodeCursor(c.createdAt, c.id) };
  }

  async get(tenantId: string, id: string): Promise<Connection> {
    const row = await this.dataSource.getRepository(Connection).findOne({ where: { tenantId, id } });
    if (!row) throw new ConnectionsError(ConnectionsErrorCode.NotFound, 'connection not found', 'id');
    return row;
  }

  /**
   * Revokes the grant at the provider first (best effort: a failure is recorded, never
   * blocking), then deletes the row with its events, then the secret. Revoking before the
   * delete means the audit event can say how revocation went; if the delete then failed, the
   * connection would only show `needs_reauth`, and deleting again finishes the job.
   */
  async delete(tenantId: string, actor: AuditActor, id: string): Promise<ProviderRevocation> {
    const existing = await this.get(tenantId, id);
    // While the credential still works: revocation below may end it.
    await this.webhooks.removeFor(tenantId, actor, existing);
    const client = await readOAuthClient(this.secrets, existing.tenantId, existing.provider).catch(() => null);
    const revocation = await revokeAtProvider(this.secrets, existing, this.transportFor(existing, [client?.revokeUrl]));
    if (revocation.outcome === 'failed') this.logger.warn(`connection ${id} (${existing.provider}): provider-side revocation failed: ${revocation.reason}`);
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(Connection).findOne({ where: { tenantId, id } });
      if (!row) throw new ConnectionsError(ConnectionsErrorCode.NotFound, 'connection not found', 'id');
      await manager.delete(Connection, { tenantId, id });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'connection.deleted',
        target: { type: 'connection', id },
        before: connectionSummary(row),
        after: { providerRevocation: revocation },
        config: connectionConfig(row, 'delete'),
      });
    });
    // After the commit: a failed delete leaves an unreachable secret, never a row without one.
    await this.secrets.delete(secretPath.connection(tenantId, id));
    this.nudgeOutbox();
    return revocation;
  }

  async setStatus(tenantId: string, actor: AuditActor, id: string, status: ConnectionStatus, reason: string | null): Promise<Connection> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(Connection).findOne({ where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new ConnectionsError(ConnectionsErrorCode.NotFound, 'connection not found', 'id');
      if (current.status === status && current.statusReason === reason) return current;
      const before = current.status;
      current.status = status;
      current.statusReason = reason;
      const saved = await manager.save(current);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'connection.status_changed',
        target: { type: 'connection', id },
        before: { status: before },
        after: { status, reason },
        config: connectionConfig(saved),
      });
      return saved;
    });
    this.nudgeOutbox();
    return row;
  }

  /** Calls a cheap read with the stored credential and records the outcome as the status. */
  async test(
    tenantId: string,
    actor: AuditActor,
    id: string,
    check?: { action: string; input: Record<string, unknown> },
  ): Promise<{ ok: boolean; code?: string; message?: string; connection: Connection }> {
    const connection = await this.get(tenantId, id);
    if (connection.provider === GENERIC_OAUTH2_PROVIDER_ID && !check) return this.testAtUserinfo(tenantId, actor, connection);
    const probe = check ?? IDENTITY_CHECKS[connection.provider];
    if (!probe) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `${connection.provider} needs a read action and input to test with`, 'action');
    if (!probe.action.startsWith(`${connection.provider}.`))
      throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, `action must be one of ${connection.provider}'s`, 'action');
    const credential = await readCredential(this.secrets, tenantId, id);
    if (!credential) {
      const updated = await this.setStatus(tenantId, actor, id, 'error', 'credential missing from the secret store');
      return { ok: false, code: 'needs_reauth', message: 'credential missing', connection: updated };
    }
    const engine = createConnectorEngine({ catalog, transport: this.transportFor(connection) });
    const result = await engine.executeAction({
      action: probe.action,
      input: probe.input,
      credential:
        credential.kind === 'basic'
          ? { authMode: credential.authMode, kind: 'basic', username: credential.username, password: credential.password }
          : { authMode: credential.authMode, kind: 'token', token: credential.accessToken },
      connection: { params: connection.params, serverOverrides: connection.serverOverrides ?? undefined },
      timeoutMs: 10_000,
    });
    if (result.ok) return { ok: true, connection: await this.setStatus(tenantId, actor, id, 'active', null) };
    const status: ConnectionStatus = result.error.code === 'needs_reauth' ? 'needs_reauth' : 'error';
    const updated = result.error.retryable
      ? connection
      : await this.setStatus(tenantId, actor, id, status, `${result.error.code}: ${result.error.message}`.slice(0, 300));
    return { ok: false, code: result.error.code, message: result.error.message, connection: updated };
  }

  private async testAtUserinfo(
    tenantId: string,
    actor: AuditActor,
    connection: Connection,
  ): Promise<{ ok: boolean; code?: string; message?: string; connection: Connection }> {
    const app = await this.dataSource.getRepository(OAuthApp).findOne({ where: { tenantId, provider: connection.provider } });
    const userinfoUrl = app?.endpointOverrides?.['userinfoUrl'];
    if (!userinfoUrl) {
      throw new ConnectionsError(
        ConnectionsErrorCode.InvalidInput,
        `${connection.provider} connections are tested at the authorization server's userinfo endpoint; configure the OAuth app with an issuer that publishes one`,
        'id',
      );
    }
    const credential = await readCredential(this.secrets, tenantId, connection.id);
    if (!credential || credential.kind !== 'token') {
      const updated = await this.setStatus(tenantId, actor, connection.id, 'error', 'credential missing from the secret store');
      return { ok: false, code: 'needs_reauth', message: 'credential missing', connection: updated };
    }
    const result = await checkAtUserinfo(userinfoUrl, credential.accessToken, this.transportFor(connection, [userinfoUrl]));
    if (result.ok) return { ok: true, connection: await this.setStatus(tenantId, actor, connection.id, 'active', null) };
    const status: ConnectionStatus = result.code === 'needs_reauth' ? 'needs_reauth' : 'error';
    const updated = result.retryable ? connection : await this.setStatus(tenantId, actor, connection.id, status, `${result.code}: ${result.message}`);
    return { ok: false, code: result.code, message: result.message, connection: updated };
  }

  async setCredentialPolicy(tenantId: string, actor: AuditActor, maxCredentialAgeDays: number | null): Promise<number | null> {
    if (maxCredentialAgeDays !== null && (!Number.isInteger(maxCredentialAgeDays) || maxCredentialAgeDays < 1 || maxCredentialAgeDays > 3650)) {
      throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'maxCredentialAgeDays: between 1 and 3650, or null', 'maxCredentialAgeDays');
    }
    await this.dataSource.transaction(async (manager) => {
      const tenant = await manager.getRepository(Tenant).findOneByOrFail({ id: tenantId });
      const before = tenant.maxCredentialAgeDays;
      await manager.update(Tenant, { id: tenantId }, { maxCredentialAgeDays });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'policy.credential_age_set',
        target: { type: 'tenant', id: tenantId },
        before: { maxCredentialAgeDays: before },
        after: { maxCredentialAgeDays },
      });
    });
    this.nudgeOutbox();
    return maxCredentialAgeDays;
  }

  /** Connections past their tenant's maximum credential age, platform-wide (for the metric). */
  async countTooOld(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${CONTROL_PLANE_SCHEMA}.connections c JOIN ${CONTROL_PLANE_SCHEMA}.tenants t ON t.id = c.tenant_id
        WHERE t.max_credential_age_days IS NOT NULL
          AND COALESCE(c.credential_rotated_at, c.credential_created_at) < now() - (t.max_credential_age_days * interval '1 day')`,
    );
    return row.n;
  }

  private async maxAgeDays(tenantId: string): Promise<number | null> {
    const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ id: tenantId });
    return tenant?.maxCredentialAgeDays ?? null;
  }

  private view(row: Connection, maxAgeDays: number | null): ConnectionView {
    const age = Date.now() - (row.credentialRotatedAt ?? row.credentialCreatedAt).getTime();
    return Object.assign(row, { credentialTooOld: maxAgeDays !== null && age > maxAgeDays * 86_400_000 });
  }

  private async assertMember(tenantId: string, userId: string) {
    if (!(await this.dataSource.getRepository(Membership).exists({ where: { tenantId, userId } }))) {
      throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'ownerUserId: not a member of this tenant', 'ownerUserId');
    }
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { toSecretData, type AuditActor } from '@causeway/contracts';
import { buildAuthorizationUrl, createPkcePair, discoverConnectionParams, exchangeAuthorizationCode, type OAuthDeps } from '@causeway/connectors';
import { secretPath, type SecretStore } from '@causeway/secrets';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { CONTROL_PLANE_SETTINGS, DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Membership } from '../memberships/membership.entity';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';
import { ConnectionsService, parseInput, type ConnectionView } from './connections.service';
import { OAuthApp } from './oauth-app.entity';
import { OAuthState } from './oauth-state.entity';
import { oauthCodeModeOf, providerOf } from './provider-modes';
import { readOAuthClient } from './stored-secrets';

const STATE_TTL_MS = 10 * 60_000;
const endpointOverrides = z
  .object({ authorizeUrl: z.url(), tokenUrl: z.url(), revokeUrl: z.url(), discoveryUrl: z.url() })
  .partial()
  .nullish();

export const configureOAuthAppInput = z.object({
  provider: z.string(),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(4096),
  endpointOverrides,
});

export const startConnectionInput = z.object({
  provider: z.string(),
  name: z.string().trim().min(1).max(100),
  authMode: z.string().nullish(),
  kind: z.enum(['shared', 'user']),
  /** For a user connection: whose account; defaults to the caller. */
  ownerUserId: z.uuid().nullish(),
  externalUserRef: z.string().min(1).max(200).nullish(),
  scopes: z.array(z.string().min(1).max(200)).max(100).nullish(),
  serverOverrides: z.record(z.string(), z.url()).nullish(),
});

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * OAuth connections: a tenant's own OAuth app per provider, the consent start (a single-use,
 * expiring state bound to tenant and user, with PKCE where the provider supports it) and the
 * callback that exchanges the code and stores the tokens in the secret store.
 */
@Injectable()
export class OAuthFlowService {
  private readonly logger = new Logger('OAuthFlow');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: ControlPlaneSettings,
    private readonly connections: ConnectionsService,
  ) {}

  redirectUri(): string {
    return new URL('/oauth/callback', this.settings.publicUrl).toString();
  }

  async configureApp(tenantId: string, actor: AuditActor & { type: 'user' }, input: z.input<typeof configureOAuthAppInput>): Promise<OAuthApp> {
    const i = parseInput(configureOAuthAppInput, input);
    const provider = providerOf(i.provider);
    oauthCodeModeOf(provider, null);
    this.connections.assertOverridesAllowed(i.endpointOverrides, 'endpointOverrides');
    // The secret first: an app row never points at a missing secret.
    const { authorizeUrl: _browserOnly, ...serverEndpoints } = i.endpointOverrides ?? {};
    await this.secrets.write(secretPath.oauthApp(tenantId, provider.id), toSecretData({ clientId: i.clientId, clientSecret: i.clientSecret, ...serverEndpoints }));
    const app = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(OAuthApp);
      const existing = await repo.findOne({ where: { tenantId, provider: provider.id } });
      const saved = await repo.save(
        Object.assign(existing ?? repo.create({ tenantId, provider: provider.id }), { clientId: i.clientId, endpointOverrides: i.endpointOverrides ?? null, configuredBy: actor.id }),
      );
      await recordChange(manager, {
        tenantId,
        actor,
        action: existing ? 'oauth_app.updated' : 'oauth_app.created',
        target: { type: 'oauth_app', id: saved.id },
        after: { provider: provider.id, clientId: i.clientId },
      });
      return saved;
    });
    this.nudgeOutbox();
    return app;
  }

  listApps(tenantId: string): Promise<OAuthApp[]> {
    return this.dataSource.getRepository(OAuthApp).find({ where: { tenantId }, order: { provider: 'ASC' } });
  }

  async start(tenantId: string, userId: string, input: z.input<typeof startConnectionInput>): Promise<{ authorizeUrl: string; expiresAt: Date }> {
    const i = parseInput(startConnectionInput, input);
    const provider = providerOf(i.provider);
    const mode = oauthCodeModeOf(provider, i.authMode);
    this.connections.assertOverridesAllowed(i.serverOverrides, 'serverOverrides');
    const app = await this.dataSource.getRepository(OAuthApp).findOne({ where: { tenantId, provider: provider.id } });
    if (!app) throw new ConnectionsError(ConnectionsErrorCode.NoOAuthApp, `configure this tenant's ${provider.id} OAuth app first (configureOAuthApp)`, 'provider');
    const ownerUserId = i.kind === 'user' ? (i.ownerUserId ?? (i.externalUserRef ? null : userId)) : null;
    if (ownerUserId && !(await this.dataSource.getRepository(Membership).exists({ where: { tenantId, userId: ownerUserId } }))) {
      throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'ownerUserId: not a member of this tenant', 'ownerUserId');
    }
    const state = randomBytes(32).toString('base64url');
    const pkce = mode.pkce === 'unsupported' ? null : createPkcePair();
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    await this.dataSource.getRepository(OAuthState).insert({
      stateHash: hashState(state),
      tenantId,
      userId,
      provider: provider.id,
      authMode: mode.id,
      draft: { name: i.name, kind: i.kind, ownerUserId, externalUserRef: i.kind === 'user' ? (i.externalUserRef ?? null) : null, scopes: i.scopes ?? [], serverOverrides: i.serverOverrides ?? null },
      codeVerifier: pkce?.verifier ?? null,
      redirectUri: this.redirectUri(),
      expiresAt,
    });
    const authorizeUrl = buildAuthorizationUrl(mode, {
      clientId: app.clientId,
      redirectUri: this.redirectUri(),
      scopes: i.scopes ?? [],
      state,
      codeChallenge: pkce?.challenge,
      authorizeUrl: app.endpointOverrides?.authorizeUrl,
    });
    return { authorizeUrl, expiresAt };
  }

  /**
   * Completes a consent. The state row is consumed by a conditional delete before anything
   * else, so a replayed or concurrent callback finds nothing; an expired one is refused.
   */
  async callback(query: { code?: string; state?: string; error?: string; error_description?: string }): Promise<ConnectionView> {
    if (!query.state) throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'state is missing', 'state');
    const deleted = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OAuthState)
      .where('state_hash = :hash', { hash: hashState(query.state) })
      .returning('*')
      .execute();
    const raw = (deleted.raw as Record<string, unknown>[])[0];
    if (!raw) throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'state is unknown or was already used', 'state');
    const pending = this.dataSource.getRepository(OAuthState).create({
      stateHash: raw.state_hash as string,
      tenantId: raw.tenant_id as string,
      userId: raw.user_id as string,
      provider: raw.provider as string,
      authMode: raw.auth_mode as string,
      draft: raw.draft as OAuthState['draft'],
      codeVerifier: (raw.code_verifier as string | null) ?? null,
      redirectUri: raw.redirect_uri as string,
      expiresAt: new Date(raw.expires_at as string),
    });
    if (pending.expiresAt.getTime() <= Date.now()) throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'state has expired; start the connection again', 'state');
    if (query.error) throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `the provider refused consent: ${query.error}`.slice(0, 200), 'code');
    if (!query.code) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'code is missing', 'code');

    const provider = providerOf(pending.provider);
    const mode = oauthCodeModeOf(provider, pending.authMode);
    const app = await this.dataSource.getRepository(OAuthApp).findOne({ where: { tenantId: pending.tenantId, provider: provider.id } });
    const client = await readOAuthClient(this.secrets, pending.tenantId, provider.id);
    if (!app || !client) throw new ConnectionsError(ConnectionsErrorCode.NoOAuthApp, `the tenant's ${provider.id} OAuth app is gone`, 'provider');
    const deps: OAuthDeps = { endpoints: app.endpointOverrides ?? undefined };
    const exchanged = await exchangeAuthorizationCode(mode, client, { code: query.code, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier ?? undefined }, deps);
    if (!exchanged.ok) throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `token exchange failed: ${exchanged.error.message}`.slice(0, 300), 'code');
    const tokens = exchanged.value;
    const discovered = await discoverConnectionParams(mode, tokens.accessToken, deps);
    if (!discovered.ok) throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `discovery failed: ${discovered.error.message}`.slice(0, 300), 'code');
    const actor: AuditActor = { type: 'user', id: pending.userId };
    const connection = await this.connections.createConnection(pending.tenantId, actor, {
      provider: provider.id,
      name: pending.draft.name,
      authMode: mode.id,
      kind: pending.draft.kind,
      ownerUserId: pending.draft.ownerUserId,
      externalUserRef: pending.draft.externalUserRef,
      params: { ...tokens.connectionParams, ...discovered.value },
      serverOverrides: pending.draft.serverOverrides,
      scopes: tokens.scopes ?? pending.draft.scopes,
      credentialExpiresAt: tokens.expiresAt ? new Date(tokens.expiresAt) : null,
      credential: {
        kind: 'token',
        authMode: mode.id,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : undefined,
      },
    });
    this.logger.log(`connection ${connection.id} created for ${provider.id}`);
    return connection;
  }

  /** Purges expired consent states (called periodically). */
  async purgeExpiredStates(): Promise<void> {
    await this.dataSource.createQueryBuilder().delete().from(OAuthState).where('expires_at < now()').execute();
  }
}


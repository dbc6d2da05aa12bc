import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { toSecretData, type AuditActor } from '@causeway/contracts';
import {
  buildAuthorizationUrl,
  catalog,
  createPkcePair,
  discoverConnectionParams,
  exchangeAuthorizationCode,
  GENERIC_OAUTH2_PROVIDER_ID,
  modeParamNames,
  type OAuth2ImplicitMode,
  type OAuthDeps,
  type ProviderDefinition,
} from '@causeway/connectors';
import { secretPath, type SecretStore } from '@causeway/secrets';
import { providerTransport, systemResolver, type EgressGuard } from '@causeway/egress';
import { parseInput } from '@causeway/platform';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { CONTROL_PLANE_SETTINGS, DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Membership } from '../memberships/membership.entity';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';
import { ConnectionsService, type ConnectionView } from './connections.service';
import { resolveGenericEndpoints } from './generic-oauth-app';
import { OAuthApp } from './oauth-app.entity';
import { OAuthState } from './oauth-state.entity';
import { consentModeOf, oauthCodeModeOf, providerOf, type OAuthCodeMode } from './provider-modes';
import { readOAuthClient } from './stored-secrets';
import { checkedModeParams, checkedRedirectParams, tenantEndpoint } from './tenant-params';
import { PROVIDER_EGRESS } from './tokens';
import { verifiedParams } from './verified-params';

const STATE_TTL_MS = 10 * 60_000;
const endpointOverrides = z
  .object({ authorizeUrl: z.url(), tokenUrl: z.url(), revokeUrl: z.url(), discoveryUrl: z.url(), issuer: z.url(), apiBaseUrl: z.url() })
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
  /** Values a per-tenant authorization server names (`{ tenant: "contoso.onmicrosoft.com" }`); checked against the definition. */
  params: z.record(z.string(), z.string().max(2000)).nullish(),
});

/** What the callback page's script posts: the fragment's parameters (RFC 6749 §4.2.2, §4.2.2.1). */
const implicitFragment = z.object({
  state: z.string().min(1).max(200),
  access_token: z.string().min(1).max(8192).optional(),
  token_type: z
    .string()
    .regex(/^bearer$/i, 'only bearer tokens are supported')
    .optional(),
  scope: z.string().max(2000).optional(),
  expires_in: z.coerce.number().int().positive().optional(),
  error: z.string().max(200).optional(),
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
    @Inject(PROVIDER_EGRESS) private readonly egress: EgressGuard,
  ) {}

  redirectUri(): string {
    return new URL('/oauth/callback', this.settings.publicUrl).toString();
  }

  async configureApp(tenantId: string, actor: AuditActor & { type: 'user' }, input: z.input<typeof configureOAuthAppInput>): Promise<OAuthApp> {
    const i = parseInput(configureOAuthAppInput, input, { whole: 'input' });
    const provider = providerOf(i.provider);
    consentModeOf(provider, null);
    const endpoints = await this.endpointsFor(provider.id, i.endpointOverrides ?? null);
    // The secret first: an app row never points at a missing secret. Only what the token,
    // refresh and revocation calls need goes there; the browser's authorize URL stays on the row.
    await this.secrets.write(
      secretPath.oauthApp(tenantId, provider.id),
      toSecretData({
        clientId: i.clientId,
        clientSecret: i.clientSecret,
        tokenUrl: endpoints?.tokenUrl,
        revokeUrl: endpoints?.revokeUrl,
        discoveryUrl: endpoints?.discoveryUrl,
      }),
    );
    const app = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(OAuthApp);
      const existing = await repo.findOne({ where: { tenantId, provider: provider.id } });
      const saved = await repo.save(
        Object.assign(existing ?? repo.create({ tenantId, provider: provider.id }), {
          clientId: i.clientId,
          endpointOverrides: endpoints,
          configuredBy: actor.id,
        }),
      );
      await recordChange(manager, {
        tenantId,
        actor,
        action: existing ? 'oauth_app.updated' : 'oauth_app.created',
        target: { type: 'oauth_app', id: saved.id },
        after: { provider: provider.id, clientId: i.clientId, ...(provider.id === GENERIC_OAUTH2_PROVIDER_ID ? { endpoints } : {}) },
      });
      return saved;
    });
    this.nudgeOutbox();
    return app;
  }

  /**
   * A catalog provider's endpoints are the vendor's: replacing them is an operator-only switch
   * (simulators). A generic OAuth 2.0 app's endpoints are the tenant's own and always required.
   */
  private async endpointsFor(providerId: string, given: Record<string, string | undefined> | null): Promise<Record<string, string> | null> {
    if (providerId === GENERIC_OAUTH2_PROVIDER_ID) {
      // discoveryUrl names Atlassian's post-consent call; a generic server has none.
      const { discoveryUrl: _notApplicable, ...generic } = given ?? {};
      return {
        ...(await resolveGenericEndpoints(generic, this.connections.overridesAllowed, systemResolver, (issuer) =>
          providerTransport(this.egress, catalog.provider(providerId)?.hosts ?? [], [issuer]),
        )),
      };
    }
    const { issuer, apiBaseUrl, ...vendor } = given ?? {};
    if (issuer || apiBaseUrl)
      throw new ConnectionsError(
        ConnectionsErrorCode.InvalidInput,
        `issuer and apiBaseUrl apply only to ${GENERIC_OAUTH2_PROVIDER_ID}`,
        issuer ? 'issuer' : 'apiBaseUrl',
      );
    const overrides = Object.fromEntries(Object.entries(vendor).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    if (Object.keys(overrides).length === 0) return null;
    this.connections.assertOverridesAllowed(overrides, 'endpointOverrides');
    return overrides;
  }

  listApps(tenantId: string): Promise<OAuthApp[]> {
    return this.dataSource.getRepository(OAuthApp).find({ where: { tenantId }, order: { provider: 'ASC' } });
  }

  async start(tenantId: string, userId: string, input: z.input<typeof startConnectionInput>): Promise<{ authorizeUrl: string; expiresAt: Date }> {
    const i = parseInput(startConnectionInput, input, { whole: 'input' });
    const provider = providerOf(i.provider);
    const mode = consentModeOf(provider, i.authMode);
    this.connections.assertOverridesAllowed(i.serverOverrides, 'serverOverrides');
    const app = await this.dataSource.getRepository(OAuthApp).findOne({ where: { tenantId, provider: provider.id } });
    if (!app)
      throw new ConnectionsError(ConnectionsErrorCode.NoOAuthApp, `configure this tenant's ${provider.id} OAuth app first (configureOAuthApp)`, 'provider');
    const ownerUserId = i.kind === 'user' ? (i.ownerUserId ?? (i.externalUserRef ? null : userId)) : null;
    if (ownerUserId && !(await this.dataSource.getRepository(Membership).exists({ where: { tenantId, userId: ownerUserId } }))) {
      throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'ownerUserId: not a member of this tenant', 'ownerUserId');
    }
    const tenantServer = this.tenantServer(provider, mode, app, i.params ?? {});
    const state = randomBytes(32).toString('base64url');
    // The implicit grant has no code to bind a verifier to; the single-use state carries it alone.
    const pkce = mode.type === 'oauth2_authorization_code' && mode.pkce !== 'unsupported' ? createPkcePair() : null;
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    await this.dataSource.getRepository(OAuthState).insert({
      stateHash: hashState(state),
      tenantId,
      userId,
      provider: provider.id,
      authMode: mode.id,
      draft: {
        name: i.name,
        kind: i.kind,
        ownerUserId,
        externalUserRef: i.kind === 'user' ? (i.externalUserRef ?? null) : null,
        scopes: i.scopes ?? [],
        serverOverrides: i.serverOverrides ?? null,
        params: tenantServer.params,
        tokenUrl: tenantServer.tokenUrl,
      },
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
      authorizeUrl: tenantServer.authorizeUrl ?? app.endpointOverrides?.authorizeUrl,
    });
    return { authorizeUrl, expiresAt };
  }

  /**
   * Where a per-tenant authorization server is (`login.microsoftonline.com/{tenant}`, a NetSuite
   * account's host): the mode's parameters are checked against the definition, filled into the
   * authorize and token endpoints, and the results kept on the vendor's declared hosts (or the
   * operator's replacement's host). Both are decided here, before the browser leaves, and the
   * token URL travels with the state to the callback and then with the credential to refreshes.
   */
  private tenantServer(
    provider: ProviderDefinition,
    mode: OAuthCodeMode | OAuth2ImplicitMode,
    app: OAuthApp,
    given: Record<string, string>,
  ): { params: Record<string, string>; authorizeUrl?: string; tokenUrl: string | null } {
    const params = checkedModeParams(provider, mode, given);
    if (modeParamNames(provider, mode).length === 0) return { params, tokenUrl: null };
    const overrides = app.endpointOverrides ?? {};
    const authorizeUrl = tenantEndpoint(provider, overrides['authorizeUrl'] ?? mode.authorizeUrl, params, overrides['authorizeUrl'] !== undefined);
    const tokenUrl =
      mode.type === 'oauth2_authorization_code'
        ? tenantEndpoint(provider, overrides['tokenUrl'] ?? mode.tokenUrl, params, overrides['tokenUrl'] !== undefined)
        : null;
    return { params, authorizeUrl, tokenUrl };
  }

  /**
   * Completes a consent. The state row is consumed by a conditional delete before anything
   * else, so a replayed or concurrent callback finds nothing; an expired one is refused.
   */
  async callback(query: {
    code?: string;
    state?: string;
    error?: string;
    error_description?: string;
    iss?: string;
    [param: string]: unknown;
  }): Promise<ConnectionView> {
    const pending = await this.consumeState(query.state);
    if (query.error) throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `the provider refused consent: ${query.error}`.slice(0, 200), 'code');
    if (!query.code) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'code is missing', 'code');

    const provider = providerOf(pending.provider);
    if (consentModeOf(provider, pending.authMode).type === 'oauth2_implicit') {
      throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'this consent returns a token in the URL fragment, not a code', 'code');
    }
    const mode = oauthCodeModeOf(provider, pending.authMode);
    const carried = checkedRedirectParams(provider, query);
    const app = await this.dataSource.getRepository(OAuthApp).findOne({ where: { tenantId: pending.tenantId, provider: provider.id } });
    const client = await readOAuthClient(this.secrets, pending.tenantId, provider.id);
    if (!app || !client) throw new ConnectionsError(ConnectionsErrorCode.NoOAuthApp, `the tenant's ${provider.id} OAuth app is gone`, 'provider');
    // RFC 9207: a server that names itself must be the one this consent was sent to (mix-up defence).
    const issuer = app.endpointOverrides?.['issuer'];
    if (query.iss && issuer && query.iss.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) {
      throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, 'the authorization response came from another issuer', 'iss');
    }
    // The vendor's declared hosts, or the URLs the admin configured for this app (verified then).
    // A per-tenant token endpoint was filled and host-checked when the consent started.
    const tokenUrl = pending.draft.tokenUrl ?? undefined;
    const transport = providerTransport(this.egress, provider.hosts, [
      mode.tokenUrl,
      tokenUrl,
      mode.discovery?.url,
      ...Object.values(app.endpointOverrides ?? {}),
    ]);
    const deps: OAuthDeps = { endpoints: { ...app.endpointOverrides, ...(tokenUrl ? { tokenUrl } : {}) }, transport };
    const exchanged = await exchangeAuthorizationCode(
      mode,
      client,
      { code: query.code, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier ?? undefined },
      deps,
    );
    if (!exchanged.ok)
      throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `token exchange failed: ${exchanged.error.message}`.slice(0, 300), 'code');
    const tokens = exchanged.value;
    const discovered = await discoverConnectionParams(mode, tokens.accessToken, deps);
    if (!discovered.ok) throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `discovery failed: ${discovered.error.message}`.slice(0, 300), 'code');
    // A catalog provider's overrides exist only where the operator allowed them (simulators).
    const operatorAllowed =
      provider.id === GENERIC_OAUTH2_PROVIDER_ID ? [] : [...Object.values(pending.draft.serverOverrides ?? {}), ...Object.values(app.endpointOverrides ?? {})];
    const params = verifiedParams(provider, { ...tokens.connectionParams, ...discovered.value }, operatorAllowed);
    if (provider.id === GENERIC_OAUTH2_PROVIDER_ID && app.endpointOverrides?.['apiBaseUrl']) params['apiBaseUrl'] = app.endpointOverrides['apiBaseUrl'];
    const connection = await this.createConsented(pending, mode.id, {
      // The admin's checked values win over anything a token answer or the redirect says.
      params: { ...params, ...carried, ...(pending.draft.params ?? {}) },
      tokenUrl,
      scopes: tokens.scopes,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt ? new Date(tokens.expiresAt) : null,
    });
    this.logger.log(`connection ${connection.id} created for ${provider.id}`);
    return connection;
  }

  /**
   * Completes an implicit-grant consent (Contentful). The vendor puts the token in the redirect
   * URI's fragment, which browsers never send to a server; the callback page's script posts the
   * fragment here. The same single-use state binds it to the tenant and user who started it, and
   * a state started for a code flow cannot be finished with a token.
   */
  async implicitCallback(body: unknown): Promise<ConnectionView> {
    const fragment = parseInput(implicitFragment, body, { whole: 'input' });
    const pending = await this.consumeState(fragment.state);
    if (fragment.error)
      throw new ConnectionsError(ConnectionsErrorCode.ProviderRefused, `the provider refused consent: ${fragment.error}`.slice(0, 200), 'access_token');
    if (!fragment.access_token) throw new ConnectionsError(ConnectionsErrorCode.InvalidInput, 'access_token is missing', 'access_token');
    const provider = providerOf(pending.provider);
    const mode = consentModeOf(provider, pending.authMode);
    if (mode.type !== 'oauth2_implicit')
      throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'this consent must be completed with a code, not a token', 'access_token');
    const connection = await this.createConsented(pending, mode.id, {
      params: {},
      scopes: fragment.scope ? fragment.scope.split(/[ ,]+/).filter(Boolean) : undefined,
      accessToken: fragment.access_token,
      expiresAt: fragment.expires_in ? new Date(Date.now() + fragment.expires_in * 1000) : null,
    });
    this.logger.log(`connection ${connection.id} created for ${provider.id} (implicit grant)`);
    return connection;
  }

  /** The connection a finished consent creates, for the tenant and user who started it, as they drafted it. */
  private createConsented(
    pending: OAuthState,
    authMode: string,
    granted: { params: Record<string, string>; tokenUrl?: string; scopes?: string[]; accessToken: string; refreshToken?: string; expiresAt: Date | null },
  ): Promise<ConnectionView> {
    const actor: AuditActor = { type: 'user', id: pending.userId };
    return this.connections.createConnection(pending.tenantId, actor, {
      provider: pending.provider,
      name: pending.draft.name,
      authMode,
      kind: pending.draft.kind,
      ownerUserId: pending.draft.ownerUserId,
      externalUserRef: pending.draft.externalUserRef,
      params: granted.params,
      serverOverrides: pending.draft.serverOverrides,
      scopes: granted.scopes ?? pending.draft.scopes,
      credentialExpiresAt: granted.expiresAt,
      credential: {
        kind: 'token',
        authMode,
        accessToken: granted.accessToken,
        refreshToken: granted.refreshToken,
        expiresAt: granted.expiresAt?.toISOString(),
        tokenUrl: granted.tokenUrl,
      },
    });
  }

  /**
   * Consumes a pending consent by its state: a conditional delete before anything else, so a
   * replayed or concurrent callback finds nothing; an expired one is refused.
   */
  private async consumeState(state: string | undefined): Promise<OAuthState> {
    if (!state) throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'state is missing', 'state');
    const deleted = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OAuthState)
      .where('state_hash = :hash', { hash: hashState(state) })
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
    if (pending.expiresAt.getTime() <= Date.now())
      throw new ConnectionsError(ConnectionsErrorCode.StateInvalid, 'state has expired; start the connection again', 'state');
    return pending;
  }

  /** Purges expired consent states (called periodically). */
  async purgeExpiredStates(): Promise<void> {
    await this.dataSource.createQueryBuilder().delete().from(OAuthState).where('expires_at < now()').execute();
  }
}

import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AppError } from '@causeway/platform';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { pageSize } from '../common/pagination';
import { toConnection } from '../graphql/pagination.types';
import type { Connection } from './connection.entity';
import {
  ConfigureOAuthAppInput,
  ConnectionConnection,
  ConnectionModel,
  ConnectionStart,
  ConnectionTestResult,
  CreateConnectionInputModel,
  OAuthAppModel,
  StartConnectionInputModel,
} from './connection.models';
import { ConnectionsService, type ConnectionView } from './connections.service';
import { OAuthFlowService } from './oauth-flow.service';

const toModel = (c: Connection & { credentialTooOld?: boolean }): ConnectionModel => ({
  id: c.id,
  provider: c.provider,
  name: c.name,
  authMode: c.authMode,
  kind: c.kind,
  ownerUserId: c.ownerUserId,
  externalUserRef: c.externalUserRef,
  status: c.status,
  statusReason: c.statusReason,
  scopes: c.scopes,
  createdBy: c.createdBy,
  createdAt: c.createdAt,
  credentialCreatedAt: c.credentialCreatedAt,
  credentialRotatedAt: c.credentialRotatedAt,
  credentialExpiresAt: c.credentialExpiresAt,
  credentialTooOld: c.credentialTooOld ?? false,
});

function jsonObject(value: string | undefined, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    const parsed = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_input', `${field}: expected a JSON object of strings`, { field });
}

@Resolver(() => ConnectionModel)
export class ConnectionsResolver {
  constructor(
    private readonly service: ConnectionsService,
    private readonly oauth: OAuthFlowService,
  ) {}

  @RequirePermission('read:Connection')
  @Query(() => ConnectionConnection, { description: "The tenant's connections with credential metadata (never values)." })
  async connections(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '`pageInfo.endCursor` of the previous page; omit for the first page.' })
    after: string | null,
  ) {
    return toConnection(await this.service.list(tenantOf(principal), pageSize(first), after), (c: ConnectionView) => toModel(c));
  }

  @RequirePermission('read:Connection')
  @Query(() => [OAuthAppModel], { description: "The tenant's own OAuth apps, one per provider." })
  async oauthApps(@CurrentPrincipal() principal: Principal): Promise<OAuthAppModel[]> {
    return (await this.oauth.listApps(tenantOf(principal))).map((a) => ({
      id: a.id,
      provider: a.provider,
      clientId: a.clientId,
      hasClientSecret: true,
      updatedAt: a.updatedAt,
    }));
  }

  @RequirePermission('update:Connection')
  @Mutation(() => OAuthAppModel, { description: "Sets the tenant's OAuth client for a provider; the secret goes to the secret store." })
  async configureOAuthApp(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The OAuth client to store.' }) input: ConfigureOAuthAppInput,
  ): Promise<OAuthAppModel> {
    const overrides = Object.fromEntries(
      Object.entries({
        authorizeUrl: input.authorizeUrl,
        tokenUrl: input.tokenUrl,
        revokeUrl: input.revokeUrl,
        discoveryUrl: input.discoveryUrl,
        issuer: input.issuer,
        apiBaseUrl: input.apiBaseUrl,
      }).filter(([, v]) => v !== undefined && v !== null),
    );
    const app = await this.oauth.configureApp(tenantOf(principal), actorOf(principal), {
      provider: input.provider,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      endpointOverrides: Object.keys(overrides).length ? overrides : null,
    });
    return { id: app.id, provider: app.provider, clientId: app.clientId, hasClientSecret: true, updatedAt: app.updatedAt };
  }

  @RequirePermission('create:Connection')
  @Mutation(() => ConnectionModel, {
    description:
      'A connection with an API key, bearer token or username and password, or a client-credentials or JWT-bearer mode (a token is minted at once, proving the credential).',
  })
  async createConnection(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The connection and its credential.' }) input: CreateConnectionInputModel,
  ) {
    const created = await this.service.createWithCredential(tenantOf(principal), actorOf(principal), {
      ...input,
      kind: input.kind as 'shared',
      params: jsonObject(input.params, 'params'),
      serverOverrides: jsonObject(input.serverOverrides, 'serverOverrides'),
    });
    return toModel(created);
  }

  @RequirePermission('create:Connection')
  @Mutation(() => ConnectionStart, { description: 'Starts an OAuth consent: single-use, expiring state bound to you and this tenant, PKCE where supported.' })
  startConnection(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The connection to create once consent comes back.' }) input: StartConnectionInputModel,
  ) {
    return this.oauth.start(tenantOf(principal), principal.userId, {
      ...input,
      kind: input.kind as 'shared',
      serverOverrides: jsonObject(input.serverOverrides, 'serverOverrides'),
      params: jsonObject(input.params, 'params'),
    });
  }

  @RequirePermission('update:Connection')
  @Mutation(() => ConnectionTestResult, { description: 'Calls a cheap read with the stored credential and records the outcome as the status.' })
  async testConnection(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the connection.' }) id: string,
    @Args('action', { type: () => String, nullable: true, description: "Tool id of a cheap read to try, with `input`; default the provider's identity check." })
    action: string | null,
    @Args('input', { type: () => String, nullable: true, description: 'JSON input for `action`.' }) input: string | null,
  ): Promise<ConnectionTestResult> {
    let check: { action: string; input: Record<string, unknown> } | undefined;
    if (action) {
      try {
        check = { action, input: input ? JSON.parse(input) : {} };
      } catch {
        throw new AppError('invalid_input', 'input: not valid JSON', { field: 'input' });
      }
    }
    const result = await this.service.test(tenantOf(principal), actorOf(principal), parseId(id), check);
    return { ok: result.ok, code: result.code ?? null, message: result.message ?? null, connection: toModel(result.connection) };
  }

  @RequirePermission('delete:Connection')
  @Mutation(() => Boolean, {
    description: 'Deletes the connection and its stored credential, revoking the grant at the provider where it can. Needs delete:Connection.',
  })
  async deleteConnection(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of the connection.' }) id: string) {
    await this.service.delete(tenantOf(principal), actorOf(principal), parseId(id));
    return true;
  }

  @RequirePermission('update:Policy')
  @Mutation(() => Int, { nullable: true, description: 'Credentials older than this many days are flagged; null clears the policy.' })
  setCredentialPolicy(
    @CurrentPrincipal() principal: Principal,
    @Args('maxCredentialAgeDays', { type: () => Int, nullable: true, description: 'Days, 1 to 3650; null removes the limit.' }) days: number | null,
  ) {
    return this.service.setCredentialPolicy(tenantOf(principal), actorOf(principal), days);
  }
}

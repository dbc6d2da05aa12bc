import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { pageSize } from '../common/pagination';
import { ApiKeyConnection, ApiKeyModel, CreateApiKeyInput, CreatedApiKey, toApiKey } from './api-key.models';
import { toConnection } from '../graphql/pagination.types';
import { ApiKeysService } from './api-keys.service';

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('read:ApiKey')
  @Query(() => ApiKeyConnection, { description: 'API keys of the current tenant, oldest first.' })
  async apiKeys(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '`pageInfo.endCursor` of the previous page; omit for the first page.' })
    after: string | null,
  ) {
    return toConnection(await this.keys.list(tenantOf(principal), pageSize(first), after), toApiKey);
  }

  @RequirePermission('create:ApiKey')
  @Mutation(() => CreatedApiKey, { description: 'Scopes must be a subset of your own permissions; the secret is shown once.' })
  async createApiKey(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The key to create.' }) input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    const { apiKey, secret } = await this.keys.create(tenantOf(principal), actorOf(principal), principal.permissions, input);
    return { apiKey: toApiKey(apiKey), secret };
  }

  @RequirePermission('delete:ApiKey')
  @Mutation(() => ApiKeyModel, { description: 'Revokes at once; running data planes refuse the key within a second.' })
  async revokeApiKey(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of the API key.' }) id: string) {
    return toApiKey(await this.keys.revoke(tenantOf(principal), actorOf(principal), parseId(id)));
  }

  @RequirePermission('update:ApiKey')
  @Mutation(() => CreatedApiKey, { description: 'A new secret; the old one keeps working for overlapSeconds (default 0).' })
  async rotateApiKey(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of the API key.' }) id: string,
    @Args('overlapSeconds', { type: () => Int, nullable: true, description: 'Seconds the previous secret keeps working, 0 to 604800 (default 0).' })
    overlapSeconds: number | null,
  ): Promise<CreatedApiKey> {
    const { apiKey, secret } = await this.keys.rotate(tenantOf(principal), actorOf(principal), parseId(id), overlapSeconds ?? 0);
    return { apiKey: toApiKey(apiKey), secret };
  }
}

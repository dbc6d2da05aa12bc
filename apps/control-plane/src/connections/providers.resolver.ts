import { Query, Resolver } from '@nestjs/graphql';
import { catalog } from '@causeway/connectors';
import { RequirePermission } from '../auth/access-levels';
import { tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ProviderModel } from './provider-catalog.models';
import { toProviderModel } from './provider-catalog';
import { OAuthFlowService } from './oauth-flow.service';

@Resolver(() => ProviderModel)
export class ProvidersResolver {
  constructor(private readonly oauth: OAuthFlowService) {}

  @RequirePermission('read:Connection')
  @Query(() => [ProviderModel], {
    description: "The built-in connector catalog with each provider's auth modes and what connecting takes, by name. Needs read:Connection.",
  })
  async providers(@CurrentPrincipal() principal: Principal): Promise<ProviderModel[]> {
    const configured = new Set((await this.oauth.listApps(tenantOf(principal))).map((app) => app.provider));
    return [...catalog.providers].sort((a, b) => a.name.localeCompare(b.name)).map((p) => toProviderModel(p, configured.has(p.id)));
  }
}

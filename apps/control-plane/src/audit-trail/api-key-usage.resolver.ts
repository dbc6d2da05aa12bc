import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { AppError } from '@causeway/platform';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { DATA_PLANE_SERVICE, type DataPlaneClient } from '../approvals/data-plane-client';
import { RequirePermission } from '../auth/access-levels';
import { tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { AUDIT_SERVICE, type AuditClient } from './audit-client';
import { ApiKeyDailyUsageModel } from './api-key-usage.models';
import { dailyUsage, MAX_USAGE_DAYS, usageDays, type DailyCalls, type DailyToolCost } from './api-key-usage';

@Resolver(() => ApiKeyDailyUsageModel)
export class ApiKeyUsageResolver {
  constructor(
    @Inject(AUDIT_SERVICE) private readonly audit: AuditClient,
    @Inject(DATA_PLANE_SERVICE) private readonly dataPlane: DataPlaneClient,
    private readonly keys: ApiKeysService,
  ) {}

  @RequirePermission('read:ApiKey')
  @Query(() => [ApiKeyDailyUsageModel], {
    description: "An API key's calls, errors, refusals and cost units per UTC day over the last `days` days, one bucket per day. Needs read:ApiKey.",
  })
  async apiKeyUsage(
    @CurrentPrincipal() principal: Principal,
    @Args('keyId', { type: () => ID, description: "Id of one of the tenant's API keys." }) keyId: string,
    @Args('days', { type: () => Int, nullable: true, description: `How many UTC days back, today included: 1 to ${MAX_USAGE_DAYS} (default 30).` })
    days: number | null,
  ): Promise<ApiKeyDailyUsageModel[]> {
    const window = days ?? 30;
    if (!Number.isInteger(window) || window < 1 || window > MAX_USAGE_DAYS)
      throw new AppError('invalid_input', `days: between 1 and ${MAX_USAGE_DAYS}`, { field: 'days' });
    const tenantId = tenantOf(principal);
    const id = parseId(keyId, 'keyId');
    await this.keys.assertExists(tenantId, id, 'keyId');
    const [calls, costs] = await Promise.all([
      this.audit.get<{ data: DailyCalls[] }>(`/v1/tenants/${tenantId}/key-usage`, { keyId: id, days: window }),
      this.dataPlane.get<{ usage: DailyToolCost[] }>(`/internal/tenants/${tenantId}/keys/${id}/usage`, { days: window }),
    ]);
    return dailyUsage(usageDays(window), calls.data, costs.usage);
  }
}

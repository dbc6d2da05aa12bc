import { Inject } from '@nestjs/common';
import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { RequirePermission } from '../auth/access-levels';
import { tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { DATA_PLANE_SERVICE, type DataPlaneClient } from './data-plane-client';

@ObjectType('KeyToolTrust', { description: "A key's progressive trust on one tool (see ApprovalPolicy.graduation)." })
export class KeyToolTrustModel {
  @Field({ description: 'Tool id, e.g. `slack.post_message`.' })
  tool!: string;

  @Field({ description: 'Whether the key now acts alone on the tool: graduated, with no incident since.' })
  graduated!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it last graduated; null if never.' })
  graduatedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Human-approved successful executions that count toward graduation now (within the window, since the last incident); null while graduation is off.',
  })
  approvedSuccesses!: number | null;

  @Field(() => Date, { nullable: true, description: 'When the last incident (a rejection or a failed execution) demoted the key; null if none.' })
  lastIncidentAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'What the last incident was; null if none.' })
  lastIncident!: string | null;
}

/** Earned trust lives in the data plane, beside the approvals it is counted from; read through its internal API. */
@Resolver(() => KeyToolTrustModel)
export class KeyTrustResolver {
  constructor(
    @Inject(DATA_PLANE_SERVICE) private readonly dataPlane: DataPlaneClient,
    private readonly keys: ApiKeysService,
  ) {}

  @RequirePermission('read:Policy')
  @Query(() => [KeyToolTrustModel], {
    description: "A key's progressive trust on each tool it has asked approval for, as the next call will meet it. Needs read:Policy.",
  })
  async keyTrust(
    @CurrentPrincipal() principal: Principal,
    @Args('keyId', { type: () => ID, description: "Id of one of the tenant's API keys." }) keyId: string,
  ): Promise<KeyToolTrustModel[]> {
    const tenantId = tenantOf(principal);
    const id = parseId(keyId, 'keyId');
    await this.keys.assertExists(tenantId, id, 'keyId');
    const answer = await this.dataPlane.keyTrust(tenantId, id);
    return answer.trust.map((t) => ({
      ...t,
      graduatedAt: t.graduatedAt ? new Date(t.graduatedAt) : null,
      lastIncidentAt: t.lastIncidentAt ? new Date(t.lastIncidentAt) : null,
    }));
  }
}

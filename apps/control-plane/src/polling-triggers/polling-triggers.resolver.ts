import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import type { PollingTriggerRecord } from './polling-trigger.entity';
import { CreatePollingTriggerInput, PollingTriggerModel, type PollingTriggerParamsInput, UpdatePollingTriggerInput } from './polling-trigger.models';
import { PollingTriggersService } from './polling-triggers.service';

/** Triggers poll connections and emit their events: the connection permissions guard them, as for event subscriptions. */
@Resolver(() => PollingTriggerModel)
export class PollingTriggersResolver {
  constructor(private readonly triggers: PollingTriggersService) {}

  @RequirePermission('read:Connection')
  @Query(() => [PollingTriggerModel], { description: "The tenant's polling triggers, oldest first." })
  async pollingTriggers(@CurrentPrincipal() principal: Principal) {
    return (await this.triggers.list(tenantOf(principal))).map(toModel);
  }

  @RequirePermission('create:Connection')
  @Mutation(() => PollingTriggerModel, { description: 'Starts polling a connection for changes; changes from now on become events.' })
  async createPollingTrigger(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'What to poll, on which connection.' }) input: CreatePollingTriggerInput,
  ) {
    return toModel(
      await this.triggers.create(tenantOf(principal), actorOf(principal), {
        connectionId: input.connectionId,
        kind: input.kind,
        params: paramsOf(input.params),
      }),
    );
  }

  @RequirePermission('update:Connection')
  @Mutation(() => PollingTriggerModel, { description: 'Enables or disables a trigger, or changes what it watches; its cursor stays.' })
  async updatePollingTrigger(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The trigger id.' }) id: string,
    @Args('input', { description: 'What changes.' }) input: UpdatePollingTriggerInput,
  ) {
    return toModel(await this.triggers.update(tenantOf(principal), actorOf(principal), id, { enabled: input.enabled, params: paramsOf(input.params) }));
  }

  @RequirePermission('delete:Connection')
  @Mutation(() => PollingTriggerModel, { description: 'Deletes a trigger: it is polled no more.' })
  async deletePollingTrigger(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'The trigger id.' }) id: string) {
    return toModel(await this.triggers.delete(tenantOf(principal), actorOf(principal), id));
  }
}

/** The fields given, without GraphQL's nulls for the omitted ones, so the contract's strict check sees only what was sent. */
function paramsOf(input: PollingTriggerParamsInput | null | undefined): Record<string, unknown> | null {
  if (!input) return null;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

function toModel(record: PollingTriggerRecord): PollingTriggerModel {
  const params = record.params as { jql?: string; object?: string; fields?: string[] };
  return {
    id: record.id,
    connectionId: record.connectionId,
    kind: record.kind,
    params: { jql: params.jql ?? null, object: params.object ?? null, fields: params.fields ?? null },
    enabled: record.enabled,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

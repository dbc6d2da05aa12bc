import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@causeway/platform';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DATA_PLANE_SERVICE, type DataPlaneClient } from '../approvals/data-plane-client';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { EventDeadLetterModel, EventSubscriptionInput, EventSubscriptionModel, EventSubscriptionWithSecretModel } from './event-subscription.models';
import { EventSubscriptionsService } from './event-subscriptions.service';

/** Subscriptions deliver connections' events: the connection permissions guard them. */
@Resolver(() => EventSubscriptionModel)
export class EventSubscriptionsResolver {
  constructor(
    private readonly subscriptions: EventSubscriptionsService,
    @Inject(DATA_PLANE_SERVICE) private readonly dataPlane: DataPlaneClient,
  ) {}

  @RequirePermission('read:Connection')
  @Query(() => [EventSubscriptionModel], { description: "The tenant's event subscriptions." })
  eventSubscriptions(@CurrentPrincipal() principal: Principal) {
    return this.subscriptions.list(tenantOf(principal));
  }

  @RequirePermission('create:Connection')
  @Mutation(() => EventSubscriptionWithSecretModel, { description: 'Subscribes a URL to event types; answers the signing secret, shown this once.' })
  createEventSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'What to deliver and where.' }) input: EventSubscriptionInput,
  ) {
    return this.subscriptions.create(tenantOf(principal), actorOf(principal), input);
  }

  @RequirePermission('update:Connection')
  @Mutation(() => EventSubscriptionModel, { description: 'Replaces what a subscription delivers and where; its secret stays.' })
  updateEventSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The subscription id.' }) id: string,
    @Args('input', { description: 'What to deliver and where.' }) input: EventSubscriptionInput,
  ) {
    return this.subscriptions.update(tenantOf(principal), actorOf(principal), parseId(id), input);
  }

  @RequirePermission('update:Connection')
  @Mutation(() => EventSubscriptionModel, { description: 'Paused: events are still owed and go out, in order, on resume.' })
  setEventSubscriptionPaused(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The subscription id.' }) id: string,
    @Args('paused', { description: 'True to hold deliveries, false to resume them.' }) paused: boolean,
  ) {
    return this.subscriptions.setPaused(tenantOf(principal), actorOf(principal), parseId(id), paused);
  }

  @RequirePermission('update:Connection')
  @Mutation(() => EventSubscriptionWithSecretModel, {
    description: 'A new signing secret; the previous one keeps signing until finishEventSubscriptionSecretRotation.',
  })
  rotateEventSubscriptionSecret(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'The subscription id.' }) id: string) {
    return this.subscriptions.rotateSecret(tenantOf(principal), actorOf(principal), parseId(id));
  }

  @RequirePermission('update:Connection')
  @Mutation(() => EventSubscriptionModel, { description: 'Stops signing with the previous secret.' })
  finishEventSubscriptionSecretRotation(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The subscription id.' }) id: string,
  ) {
    return this.subscriptions.finishSecretRotation(tenantOf(principal), actorOf(principal), parseId(id));
  }

  @RequirePermission('delete:Connection')
  @Mutation(() => EventSubscriptionModel, { description: 'Deletes a subscription; events still owed to it are not delivered.' })
  deleteEventSubscription(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'The subscription id.' }) id: string) {
    return this.subscriptions.delete(tenantOf(principal), actorOf(principal), parseId(id));
  }

  @RequirePermission('read:Connection')
  @Query(() => [EventDeadLetterModel], { description: "The subscription's dead letters, newest first (kept by the data plane)." })
  async eventDeadLetters(
    @CurrentPrincipal() principal: Principal,
    @Args('subscriptionId', { type: () => ID, description: 'The subscription id.' }) subscriptionId: string,
    @Args('limit', { type: () => Int, nullable: true, description: 'At most this many, 1–1000 (default 100).' }) limit?: number,
  ) {
    const tenantId = tenantOf(principal);
    const subscription = await this.subscriptions.get(tenantId, parseId(subscriptionId));
    const found = await this.dataPlane.get<{ deadLetters: (Omit<EventDeadLetterModel, 'deadAt'> & { deadAt: string })[] }>(
      `/internal/tenants/${tenantId}/event-subscriptions/${subscription.id}/dead-letters`,
      {
        limit: parseInput(z.number().int().min(1).max(1000).default(100), limit ?? undefined, { field: 'limit' }),
      },
    );
    return found.deadLetters.map((d) => ({ ...d, deadAt: new Date(d.deadAt) }));
  }

  @RequirePermission('update:Connection')
  @Mutation(() => Int, { description: 'Delivers dead letters again (all, or the given event ids), in their subject order; returns how many.' })
  async replayDeadLetters(
    @CurrentPrincipal() principal: Principal,
    @Args('subscriptionId', { type: () => ID, description: 'The subscription id.' }) subscriptionId: string,
    @Args('ids', { type: () => [ID], nullable: true, description: 'Event ids to replay (at most 1000); all dead letters when omitted.' }) ids?: string[] | null,
  ) {
    const tenantId = tenantOf(principal);
    const subscription = await this.subscriptions.get(tenantId, parseId(subscriptionId));
    const replayed = await this.dataPlane.post<{ replayed: number }>(
      `/internal/tenants/${tenantId}/event-subscriptions/${subscription.id}/dead-letters/replay`,
      {
        ...(ids ? { ids: parseInput(z.array(z.string()).max(1000), ids, { field: 'ids' }).map((id) => parseId(id)) } : {}),
      },
    );
    return replayed.replayed;
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import type { AuditActor } from '@causeway/contracts';
import { parseInput } from '@causeway/platform';
import { InternalOnly } from '../auth/access-levels';
import { parseId } from '../common/ids';
import type { EventSubscriptionRecord } from './event-subscription.entity';
import { EventSubscriptionsError, EventSubscriptionsErrorCode as Code } from './event-subscriptions.errors';
import { EventSubscriptionsService, type EventSubscriptionFields } from './event-subscriptions.service';

/** Of the tenant's 50 (`EVENT_SUBSCRIPTIONS_PER_TENANT`). */
export const EVENT_SUBSCRIPTIONS_PER_KEY = 10;

const pausedSchema = z.object({ paused: z.boolean() }).strict();

/**
 * An agent key's own subscriptions, for the data plane's `/v1/subscriptions`: the data plane has
 * authenticated the key and checked its `Event` scope; the control plane stays the one writer,
 * so a subscription is durable and reaches every replica by the config stream. A key sees and
 * changes only what it created (`created_by` is its id): another key's subscription, or another
 * tenant's, is `not_found` alike. The service token proves the caller is a data plane.
 */
@Controller('internal/tenants/:tenantId/api-keys/:keyId/event-subscriptions')
export class AgentEventSubscriptionsController {
  constructor(private readonly subscriptions: EventSubscriptionsService) {}

  @InternalOnly()
  @Get()
  async list(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string) {
    const key = owner(tenantId, keyId);
    return { subscriptions: (await this.subscriptions.list(key.tenantId, key.actor.id)).map(agentView) };
  }

  @InternalOnly()
  @Get(':id')
  async get(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @Param('id') id: string) {
    const key = owner(tenantId, keyId);
    return { subscription: agentView(await this.subscriptions.get(key.tenantId, parseId(id), undefined, false, key.actor.id)) };
  }

  @InternalOnly()
  @Post()
  @HttpCode(201)
  async create(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @Body() body: unknown) {
    const key = owner(tenantId, keyId);
    // One key cannot take the whole tenant's allowance from its admins and other agents.
    const mine = await this.subscriptions.list(key.tenantId, key.actor.id);
    if (mine.length >= EVENT_SUBSCRIPTIONS_PER_KEY)
      throw new EventSubscriptionsError(Code.TooMany, `this key has ${mine.length} event subscriptions, the most one key may have`, 'id');
    // The service validates the fields (and the URL against the egress rules) naming the field.
    const created = await this.subscriptions.create(key.tenantId, key.actor, (body ?? {}) as EventSubscriptionFields);
    return { subscription: agentView(created.subscription), signingSecret: created.signingSecret };
  }

  @InternalOnly()
  @Patch(':id')
  async setPaused(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @Param('id') id: string, @Body() body: unknown) {
    const key = owner(tenantId, keyId);
    const { paused } = parseInput(pausedSchema, body);
    return { subscription: agentView(await this.subscriptions.setPaused(key.tenantId, key.actor, parseId(id), paused, key.actor.id)) };
  }

  @InternalOnly()
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @Param('id') id: string): Promise<void> {
    const key = owner(tenantId, keyId);
    await this.subscriptions.delete(key.tenantId, key.actor, parseId(id), key.actor.id);
  }
}

function owner(tenantId: string, keyId: string): { tenantId: string; actor: AuditActor } {
  return { tenantId: parseId(tenantId, 'tenantId'), actor: { type: 'api_key', id: parseId(keyId, 'keyId') } };
}

/** What an agent sees of a subscription: never the tenant's bookkeeping, never a secret. */
export function agentView(s: EventSubscriptionRecord) {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    types: s.types,
    connectionIds: s.connectionIds,
    subjectPrefix: s.subjectPrefix,
    redact: s.redact,
    paused: s.paused,
    rotatingSecret: s.rotatingSecret,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

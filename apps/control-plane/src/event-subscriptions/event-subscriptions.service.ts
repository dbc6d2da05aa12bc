import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { eventSubscriptionInputSchema, eventSubscriptionSecretPath, storedSubscriptionSecretSchema, type AuditActor } from '@causeway/contracts';
import { systemResolver, type EgressGuard, type Resolver } from '@causeway/egress';
import type { SecretStore } from '@causeway/secrets';
import { PROVIDER_EGRESS, UPSTREAM_OVERRIDES_ALLOWED } from '../connections/tokens';
import { DATA_SOURCE, OUTBOX_NUDGE, SECRET_STORE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { checkDeliveryUrl } from './delivery-url';
import { EventSubscriptionRecord } from './event-subscription.entity';
import { eventSubscriptionConfig } from './event-subscription-config';
import { EventSubscriptionsError, EventSubscriptionsErrorCode as Code } from './event-subscriptions.errors';
import { newSubscriptionSecret } from './subscription-secret';

export const EVENT_SUBSCRIPTIONS_PER_TENANT = 50;

const fieldsSchema = eventSubscriptionInputSchema;
export type EventSubscriptionFields = z.infer<typeof fieldsSchema>;

export interface WithSecret {
  subscription: EventSubscriptionRecord;
  /** Shown once: only its holder can verify deliveries. */
  signingSecret: string;
}

/**
 * Tenants' event subscriptions: validated whole (the URL against the egress rules) before
 * anything is written; each change carries its config change for the data plane and its audit
 * event in one transaction. The signing secret goes to the secret store, never to a row, a
 * log or the config stream.
 */
@Injectable()
export class EventSubscriptionsService {
  private readonly resolve: Resolver;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
    @Inject(PROVIDER_EGRESS) private readonly egress: EgressGuard,
    @Inject(UPSTREAM_OVERRIDES_ALLOWED) private readonly localAllowed: boolean,
  ) {
    this.resolve = systemResolver;
  }

  /** The tenant's subscriptions; with `createdBy`, only those that creator made (an agent key sees its own). */
  list(tenantId: string, createdBy?: string): Promise<EventSubscriptionRecord[]> {
    return this.dataSource
      .getRepository(EventSubscriptionRecord)
      .find({ where: { tenantId, ...(createdBy ? { createdBy } : {}) }, order: { createdAt: 'ASC' } });
  }

  /** With `createdBy`, someone else's subscription is as unknown as another tenant's. */
  async get(
    tenantId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
    createdBy?: string,
  ): Promise<EventSubscriptionRecord> {
    const found = await manager.findOne(EventSubscriptionRecord, {
      where: { tenantId, id, ...(createdBy ? { createdBy } : {}) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    // Another tenant's id gets the same answer as an unknown one.
    if (!found) throw new EventSubscriptionsError(Code.NotFound, 'id: no such event subscription in this tenant', 'id');
    return found;
  }

  async create(tenantId: string, actor: AuditActor, input: EventSubscriptionFields): Promise<WithSecret> {
    const fields = await this.validated(input);
    const id = randomUUID();
    const signingSecret = newSubscriptionSecret();
    // The secret is in place before the subscription reaches the data plane, so its first delivery can be signed.
    await this.secrets.write(eventSubscriptionSecretPath(tenantId, id), { secret: signingSecret });
    try {
      const subscription = await this.dataSource.transaction(async (manager) => {
        const count = await manager.count(EventSubscriptionRecord, { where: { tenantId } });
        if (count >= EVENT_SUBSCRIPTIONS_PER_TENANT)
          throw new EventSubscriptionsError(Code.TooMany, `the tenant has ${count} event subscriptions, the most it may have`, 'id');
        const saved = await manager.save(
          manager.create(EventSubscriptionRecord, { id, tenantId, ...fields, paused: false, rotatingSecret: false, createdBy: actor.id }),
        );
        await this.record(manager, actor, saved, 'event_subscription.created', null);
        return saved;
      });
      this.nudgeOutbox();
      return { subscription, signingSecret };
    } catch (error) {
      await this.secrets.delete(eventSubscriptionSecretPath(tenantId, id)).catch(() => undefined);
      throw error;
    }
  }

  async update(tenantId: string, actor: AuditActor, id: string, input: EventSubscriptionFields): Promise<EventSubscriptionRecord> {
    const fields = await this.validated(input);
    return this.change(tenantId, actor, id, 'event_subscription.updated', (s) => Object.assign(s, fields));
  }

  setPaused(tenantId: string, actor: AuditActor, id: string, paused: boolean, createdBy?: string): Promise<EventSubscriptionRecord> {
    return this.change(
      tenantId,
      actor,
      id,
      paused ? 'event_subscription.paused' : 'event_subscription.resumed',
      (s) => Object.assign(s, { paused }),
      createdBy,
    );
  }

  /** A new secret signs from now on; the old one keeps signing too until `finishSecretRotation`, so receivers can switch. */
  async rotateSecret(tenantId: string, actor: AuditActor, id: string): Promise<WithSecret> {
    const current = await this.get(tenantId, id);
    const path = eventSubscriptionSecretPath(tenantId, id);
    const stored = storedSubscriptionSecretSchema.safeParse((await this.secrets.read(path))?.data);
    const signingSecret = newSubscriptionSecret();
    await this.secrets.write(path, { secret: signingSecret, ...(stored.success ? { previousSecret: stored.data.secret } : {}) });
    const subscription = await this.change(tenantId, actor, current.id, 'event_subscription.secret_rotated', (s) =>
      Object.assign(s, { rotatingSecret: stored.success }),
    );
    return { subscription, signingSecret };
  }

  async finishSecretRotation(tenantId: string, actor: AuditActor, id: string): Promise<EventSubscriptionRecord> {
    await this.get(tenantId, id);
    const path = eventSubscriptionSecretPath(tenantId, id);
    const stored = storedSubscriptionSecretSchema.safeParse((await this.secrets.read(path))?.data);
    if (stored.success) await this.secrets.write(path, { secret: stored.data.secret });
    return this.change(tenantId, actor, id, 'event_subscription.secret_rotation_finished', (s) => Object.assign(s, { rotatingSecret: false }));
  }

  async delete(tenantId: string, actor: AuditActor, id: string, createdBy?: string): Promise<EventSubscriptionRecord> {
    const deleted = await this.dataSource.transaction(async (manager) => {
      const found = await this.get(tenantId, id, manager, true, createdBy);
      await manager.delete(EventSubscriptionRecord, { tenantId, id });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'event_subscription.deleted',
        target: { type: 'event_subscription', id },
        before: summary(found),
        after: null,
        config: eventSubscriptionConfig(found, true),
      });
      return found;
    });
    this.nudgeOutbox();
    await this.secrets.delete(eventSubscriptionSecretPath(tenantId, id)).catch(() => undefined);
    return deleted;
  }

  private async change(
    tenantId: string,
    actor: AuditActor,
    id: string,
    action: string,
    apply: (s: EventSubscriptionRecord) => void,
    createdBy?: string,
  ): Promise<EventSubscriptionRecord> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const found = await this.get(tenantId, id, manager, true, createdBy);
      const before = summary(found);
      apply(found);
      const next = await manager.save(found);
      await this.record(manager, actor, next, action, before);
      return next;
    });
    this.nudgeOutbox();
    return saved;
  }

  private async validated(input: EventSubscriptionFields) {
    const parsed = fieldsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.map(String).join('.');
      throw new EventSubscriptionsError(Code.InvalidInput, `${field}: ${issue.message}`, String(issue.path[0] ?? 'input'));
    }
    const url = await checkDeliveryUrl(parsed.data.url, this.egress.settings, this.resolve, this.localAllowed);
    return {
      name: parsed.data.name,
      url,
      types: [...new Set(parsed.data.types)],
      connectionIds: parsed.data.connectionIds?.length ? parsed.data.connectionIds : null,
      subjectPrefix: parsed.data.subjectPrefix ?? null,
      redact: parsed.data.redact ?? [],
    };
  }

  private record(manager: EntityManager, actor: AuditActor, subscription: EventSubscriptionRecord, action: string, before: Record<string, unknown> | null) {
    return recordChange(manager, {
      tenantId: subscription.tenantId,
      actor,
      action,
      target: { type: 'event_subscription', id: subscription.id },
      before,
      after: summary(subscription),
      config: eventSubscriptionConfig(subscription),
    });
  }
}

/** For the audit trail: what it delivers and where; never the secret. */
function summary(s: EventSubscriptionRecord): Record<string, unknown> {
  return { name: s.name, url: s.url, types: s.types, connectionIds: s.connectionIds, subjectPrefix: s.subjectPrefix, redact: s.redact, paused: s.paused };
}

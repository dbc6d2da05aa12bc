import { eventSubscriptionSchema, type ConfigEvent, type EventSubscription } from '@causeway/contracts';

type SubscriptionChange = Pick<ConfigEvent, 'tenantId' | 'entityId' | 'op' | 'data'>;

/**
 * The event subscriptions in force, from the config snapshot and stream (as other config
 * entities: a snapshot entry never overwrites what the stream already delivered). The delivery
 * worker reads `all()` on every pass.
 */
export class SubscriptionsView {
  private readonly byId = new Map<string, { subscription: EventSubscription; fromStream: boolean }>();
  private list: readonly EventSubscription[] = [];

  get size(): number {
    return this.byId.size;
  }

  all(): readonly EventSubscription[] {
    return this.list;
  }

  /** A subscription of this tenant (another tenant's id finds nothing). */
  of(tenantId: string, id: string): EventSubscription | undefined {
    const found = this.byId.get(id)?.subscription;
    return found?.tenantId === tenantId ? found : undefined;
  }

  apply(change: SubscriptionChange, source: 'snapshot' | 'stream'): 'applied' | 'stale' | 'invalid' {
    if (source === 'snapshot' && this.byId.get(change.entityId)?.fromStream) return 'stale';
    if (change.op === 'delete') {
      this.byId.delete(change.entityId);
    } else {
      const parsed = eventSubscriptionSchema.safeParse({ ...change.data, id: change.entityId, tenantId: change.tenantId });
      if (!parsed.success) return 'invalid';
      this.byId.set(change.entityId, { subscription: Object.freeze(parsed.data), fromStream: source === 'stream' });
    }
    this.list = Object.freeze([...this.byId.values()].map((e) => e.subscription));
    return 'applied';
  }
}

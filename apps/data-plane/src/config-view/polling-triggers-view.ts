import { pollingTriggerConfigSchema, type ConfigEvent, type PollingTriggerConfig } from '@causeway/contracts';

type TriggerChange = Pick<ConfigEvent, 'tenantId' | 'entityId' | 'op' | 'data'>;

/**
 * The polling triggers in force, from the config snapshot and stream (a snapshot entry never
 * overwrites what the stream already delivered). The data plane's `polling_triggers` table is
 * projected from this (events/polling/trigger-projection.ts), which keeps each trigger's cursor.
 */
export class PollingTriggersView {
  private readonly byId = new Map<string, { trigger: PollingTriggerConfig; fromStream: boolean }>();
  private list: readonly PollingTriggerConfig[] = [];
  private readonly listeners = new Set<(id: string) => void>();

  get size(): number {
    return this.byId.size;
  }

  all(): readonly PollingTriggerConfig[] {
    return this.list;
  }

  of(id: string): PollingTriggerConfig | undefined {
    return this.byId.get(id)?.trigger;
  }

  /** Called with the trigger's id after every applied change (synchronously: a listener must only schedule its work). */
  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(change: TriggerChange, source: 'snapshot' | 'stream'): 'applied' | 'stale' | 'invalid' {
    if (source === 'snapshot' && this.byId.get(change.entityId)?.fromStream) return 'stale';
    if (change.op === 'delete') {
      this.byId.delete(change.entityId);
    } else {
      const parsed = pollingTriggerConfigSchema.safeParse({ ...change.data, id: change.entityId, tenantId: change.tenantId });
      if (!parsed.success) return 'invalid';
      this.byId.set(change.entityId, { trigger: Object.freeze(parsed.data), fromStream: source === 'stream' });
    }
    this.list = Object.freeze([...this.byId.values()].map((e) => e.trigger));
    for (const listener of this.listeners) listener(change.entityId);
    return 'applied';
  }
}

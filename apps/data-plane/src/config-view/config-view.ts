import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { configEventSchema, type ConfigEntity, type ConfigEvent } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import { METRIC_NAMES } from '@causeway/observability';

interface Entry {
  version: number;
  data: Record<string, unknown>;
}

/**
 * The data plane's in-memory view of tenant configuration, built from the config stream so
 * the request path never waits on the control plane. A change older than what we hold is
 * ignored (the stream is at-least-once and may redeliver).
 */
export class ConfigView {
  private readonly entities = new Map<ConfigEntity, Map<string, Entry>>();
  private lastAppliedAt?: number;

  constructor(
    private readonly logger: Logger,
    registry: Registry,
  ) {
    const age: Gauge = new Gauge({
      name: METRIC_NAMES.configAge,
      help: 'Seconds since the last config change was applied (-1 before the first)',
      registers: [registry],
      collect: () => age.set(this.lastAppliedAt ? (Date.now() - this.lastAppliedAt) / 1000 : -1),
    });
  }

  async handleBatch(messages: ReceivedMessage[]): Promise<void> {
    for (const message of messages) {
      const parsed = safeParse(message.value);
      if (!parsed) {
        this.logger.warn({ offset: message.offset, partition: message.partition }, 'ignored malformed config event');
        continue;
      }
      this.apply(parsed);
    }
  }

  apply(event: ConfigEvent): void {
    let table = this.entities.get(event.entity);
    if (!table) this.entities.set(event.entity, (table = new Map()));
    const current = table.get(event.entityId);
    if (current && current.version > event.version) return;
    if (event.op === 'delete') table.delete(event.entityId);
    else table.set(event.entityId, { version: event.version, data: event.data ?? {} });
    this.lastAppliedAt = Date.now();
  }

  get(entity: ConfigEntity, id: string): Record<string, unknown> | undefined {
    return this.entities.get(entity)?.get(id)?.data;
  }

  count(entity: ConfigEntity): number {
    return this.entities.get(entity)?.size ?? 0;
  }
}

function safeParse(value: string | null): ConfigEvent | undefined {
  if (value === null) return undefined;
  try {
    const result = configEventSchema.safeParse(JSON.parse(value));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

import type { PollingTriggerConfig } from '@causeway/contracts';
import type { Logger } from '@causeway/observability';
import type { DataSource } from 'typeorm';
import { PollingTrigger } from './polling-trigger.entity';

export interface TriggerProjectionDeps {
  dataSource: DataSource;
  /** The triggers in force (the config view's). */
  triggers: () => readonly PollingTriggerConfig[];
  /**
   * Whether the view holds every trigger (its snapshot is in): only then is a row missing from
   * it a deleted trigger. Before, a replica started while the control plane was away would
   * otherwise drop every cursor.
   */
  complete: () => boolean;
  logger: Logger;
}

/**
 * Makes the data plane's `polling_triggers` a projection of the control plane's triggers: each
 * one in force is a row (same id) with its connection, kind, params and `enabled` as configured,
 * and a row whose trigger is gone is deleted. The row's cursor is the data plane's own and is
 * never touched here, so disabling, re-enabling or changing params goes on from where polling
 * stopped. Runs are serialised; a change during a run asks for one more.
 */
export class TriggerProjection {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: TriggerProjectionDeps) {}

  /** Brings the table in line with the view; resolves once a run that saw the latest view is done. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        // After the current synchronous burst of changes (a whole snapshot is applied in one go).
        await Promise.resolve();
        try {
          await this.project();
        } catch (error) {
          this.deps.logger.warn({ err: error }, 'projecting polling triggers failed; the next change or restart retries');
        }
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves when no run is in progress (for shutting down). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async project(): Promise<void> {
    const triggers = this.deps.triggers();
    const complete = this.deps.complete();
    await this.deps.dataSource.transaction(async (manager) => {
      if (triggers.length > 0) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(PollingTrigger)
          .values(
            triggers.map((t) => ({
              id: t.id,
              tenantId: t.tenantId,
              connectionId: t.connectionId,
              kind: t.kind,
              // jsonb: TypeORM's deep-partial type does not take an open record.
              params: t.params as never,
              enabled: t.enabled,
              cursor: null,
              createdAt: new Date(t.createdAt),
            })),
          )
          .orUpdate(['connection_id', 'kind', 'params', 'enabled'], ['id'])
          .execute();
      }
      if (complete) {
        const ids = triggers.map((t) => t.id);
        const query = manager.createQueryBuilder().delete().from(PollingTrigger);
        await (ids.length > 0 ? query.where('NOT (id = ANY(:ids))', { ids }) : query).execute();
      }
    });
  }
}

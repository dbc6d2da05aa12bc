import type { PollingTriggerConfig } from '@causeway/contracts';
import type { Logger } from '@causeway/observability';
import type { DataSource, EntityManager } from 'typeorm';
import { PollingTrigger } from './polling-trigger.entity';

export interface TriggerProjectionDeps {
  dataSource: DataSource;
  /** The triggers in force (the config view's). */
  triggers: () => readonly PollingTriggerConfig[];
  /** One trigger in force, or undefined once it is deleted. */
  trigger: (id: string) => PollingTriggerConfig | undefined;
  /**
   * Whether the view holds every trigger (its snapshot is in): only then is a row missing from
   * it a deleted trigger. Before, a replica started while the control plane was away would
   * otherwise drop every cursor.
   */
  complete: () => boolean;
  logger: Logger;
}

/** Rows per statement: 7 parameters a row stays far under Postgres' 65 535. */
const CHUNK = 500;

/**
 * Makes the data plane's `polling_triggers` a projection of the control plane's triggers: each
 * one in force is a row (same id) with its connection, kind, params and `enabled` as configured,
 * and a row whose trigger is gone is deleted. The row's cursor is the data plane's own and is
 * never touched here, so disabling, re-enabling or changing params goes on from where polling
 * stopped.
 *
 * The first run (and the first after the view becomes complete) compares the whole table with
 * the view; after that only the triggers that changed are written, so a change costs one row,
 * not one per trigger of every tenant. Runs are serialised; a change during a run asks for one more.
 */
export class TriggerProjection {
  private running: Promise<void> | undefined;
  private again = false;
  private readonly changed = new Set<string>();
  private wholeTable = true;
  /** A whole-table run happened before the view was complete: rows of deleted triggers may still be there. */
  private deletionsOwed = false;

  constructor(private readonly deps: TriggerProjectionDeps) {}

  /** One trigger changed (upserted or deleted). */
  trigger(id: string): void {
    this.changed.add(id);
    void this.sync();
  }

  /** Called now and then: retries what a failed run owed, and once the view is complete, removes the rows of triggers deleted meanwhile. */
  tick(): void {
    if (this.deletionsOwed && this.deps.complete()) this.wholeTable = true;
    if (this.wholeTable || this.changed.size > 0) void this.sync();
  }

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
          this.deps.logger.warn({ err: error }, 'projecting polling triggers failed; the next change retries');
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
    const whole = this.wholeTable;
    // Taken now: a change arriving while this run writes is kept for the next run.
    const ids = [...this.changed];
    this.changed.clear();
    const complete = this.deps.complete();
    const present = whole ? [...this.deps.triggers()] : ids.map((id) => this.deps.trigger(id)).filter((t): t is PollingTriggerConfig => !!t);
    const gone = whole ? [] : ids.filter((id) => !this.deps.trigger(id));
    try {
      await this.deps.dataSource.transaction(async (manager) => {
        for (let i = 0; i < present.length; i += CHUNK) await upsert(manager, present.slice(i, i + CHUNK));
        if (gone.length > 0) await manager.createQueryBuilder().delete().from(PollingTrigger).where('id = ANY(:gone)', { gone }).execute();
        if (whole && complete) {
          const kept = present.map((t) => t.id);
          const query = manager.createQueryBuilder().delete().from(PollingTrigger);
          await (kept.length > 0 ? query.where('NOT (id = ANY(:kept))', { kept }) : query).execute();
        }
      });
    } catch (error) {
      for (const id of ids) this.changed.add(id);
      throw error;
    }
    // Only once written: a failed run keeps what it owed (the ids above, the whole table) for the next.
    if (whole) {
      this.wholeTable = false;
      this.deletionsOwed = !complete;
    }
  }
}

function upsert(manager: EntityManager, triggers: PollingTriggerConfig[]) {
  return manager
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

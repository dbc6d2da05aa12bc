import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxEntry {
  topic: string;
  key: string;
  /** Must carry a stable `id` (uuid): it becomes the event id. */
  payload: { id: string } & Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Adds events to the outbox inside the caller's transaction. Taking the `EntityManager`
 * (not a DataSource) makes it impossible to write an event outside the change's transaction.
 */
export async function enqueueOutbox(manager: EntityManager, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.getRepository(OutboxMessage).insert(
    entries.map((e) => ({
      eventId: e.payload.id,
      topic: e.topic,
      key: e.key,
      payload: e.payload,
      headers: { 'event-id': e.payload.id, ...e.headers },
    })) as QueryDeepPartialEntity<OutboxMessage>[], // TypeORM's deep-partial type cannot express jsonb records
  );
}

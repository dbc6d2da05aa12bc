import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { eventKey, TOPICS, type CloudEvent } from '@causeway/contracts';
import { enqueueOutbox } from '@causeway/messaging';
import { InboundEvent } from './inbound-event.entity';

export type StoreOutcome = { stored: true; id: string } | { stored: false; id: string };

/**
 * Stores a verified event once and, in the same transaction, its outbox row for
 * `causeway.events.v1`: when this resolves the event is durable and will be published even if
 * the process dies the next instant. A second delivery of the same vendor delivery id stores
 * nothing and reports the first one's id.
 */
export class InboundEventStore {
  constructor(private readonly dataSource: DataSource) {}

  async storeOnce(event: CloudEvent): Promise<StoreOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(InboundEvent)
        .values({
          id: event.id,
          tenantId: event.tenantid,
          connectionId: event.connectionid,
          deliveryId: event.deliveryid,
          type: event.type,
          subject: event.subject ?? null,
          event,
          // TypeORM's deep-partial type cannot express a jsonb record.
        } as QueryDeepPartialEntity<InboundEvent>)
        .orIgnore()
        .returning(['seq'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) {
        const first = await manager.findOneOrFail(InboundEvent, {
          select: { id: true },
          where: { tenantId: event.tenantid, connectionId: event.connectionid, deliveryId: event.deliveryid },
        });
        return { stored: false, id: first.id };
      }
      await enqueueOutbox(manager, [{ topic: TOPICS.events, key: eventKey(event.tenantid, event.connectionid), payload: { ...event } }]);
      return { stored: true, id: event.id };
    });
  }
}

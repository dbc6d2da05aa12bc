import { OutboxMessage } from '@causeway/messaging';
import { EventDelivery, EventDeliveryCursor } from './delivery/event-delivery.entity';
import { InboundEvent } from './inbound/inbound-event.entity';
import { WorkLease } from './leases/work-lease.entity';
import { PollingTrigger } from './polling/polling-trigger.entity';

/** The events feature's tables in the data plane's schema; its outbox feeds `causeway.events.v1`. */
export const eventsEntities: Function[] = [InboundEvent, OutboxMessage, EventDelivery, EventDeliveryCursor, PollingTrigger, WorkLease];

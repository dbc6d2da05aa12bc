import { IdempotencyKeys1795400000000 } from '@causeway/resilience';
import { Approvals1795400000001 } from './1795400000001-Approvals';
import { Events1796608942957 } from './1796608942957-Events';
import { EventDeliveries1796620369314 } from './1796620369314-EventDeliveries';
import { PollingTriggers1796630000000 } from './1796630000000-PollingTriggers';
import { EventsReplicasRetention1796640000000 } from './1796640000000-EventsReplicasRetention';

/**
 * In order of application. The idempotency table's migration ships with the resilience
 * library; the data plane's own follow (tools/scripts/generate-migration.ts appends each new
 * one at the end).
 */
export const migrations = [
  IdempotencyKeys1795400000000,
  Approvals1795400000001,
  Events1796608942957,
  EventDeliveries1796620369314,
  PollingTriggers1796630000000,
  EventsReplicasRetention1796640000000,
];

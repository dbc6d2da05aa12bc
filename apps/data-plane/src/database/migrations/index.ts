import { IdempotencyKeys1795400000000 } from '@causeway/resilience';

/** In order of application. The idempotency table's migration ships with the resilience library. */
export const migrations = [IdempotencyKeys1795400000000];

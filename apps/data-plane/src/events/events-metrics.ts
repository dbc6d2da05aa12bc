import { Counter, type Registry } from 'prom-client';
import { METRIC_NAMES } from '@causeway/observability';
import type { IngestOutcome } from './inbound/webhook-ingest';
import { WEBHOOK_PROVIDERS } from './verifiers';

/**
 * Inbound webhooks by provider and outcome: `stored` (verified and new), `duplicate`
 * (verified, deduplicated), `refused` (forged, stale, unsigned or unreadable), `challenge`,
 * `unknown` (no such connection or no secret). Labels are bounded: a provider Causeway has no
 * verifier for counts as `other`.
 */
export function webhookOutcomeCounter(registry: Registry): (provider: string, outcome: IngestOutcome['status']) => void {
  const counter = new Counter({
    name: METRIC_NAMES.eventsWebhooksReceived,
    help: 'Inbound provider webhooks by provider and outcome',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  });
  return (provider, outcome) => counter.inc({ provider: WEBHOOK_PROVIDERS.includes(provider) ? provider : 'other', outcome });
}

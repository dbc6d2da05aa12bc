import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { OutboxRelay, type EventBus } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import type { SecretStore } from '@causeway/secrets';
import { webhookOutcomeCounter } from './events-metrics';
import { InboundEventStore } from './inbound/inbound-event-store';
import { WebhookIngest, type ConnectionProviderLookup } from './inbound/webhook-ingest';
import { WebhookSecrets } from './inbound/webhook-secrets';

export interface EventsDeps {
  dataSource: DataSource;
  bus: EventBus;
  secretStore: SecretStore;
  providerOf: ConnectionProviderLookup;
  logger: Logger;
  registry?: Registry;
  relayPollMs?: number;
  /** Off only in tests that need stored events to stay unpublished (the crash test). */
  relay?: boolean;
}

export interface RunningEvents {
  ingest: WebhookIngest;
  relay: OutboxRelay;
  close(): Promise<void>;
}

/**
 * Inbound webhooks: verified and stored with an outbox row in one transaction, then published
 * to `causeway.events.v1` by the outbox relay (at least once; consumers deduplicate on the
 * CloudEvent id). A crash between the answer and the publish loses nothing: the row waits.
 */
export function startEvents(deps: EventsDeps): RunningEvents {
  // No registry: the relay's metric names are the control plane's, and the embedded default
  // runs both in one process. Events metrics come with their own names (docs/events.md).
  const relay = new OutboxRelay({ dataSource: deps.dataSource, bus: deps.bus, logger: deps.logger, pollIntervalMs: deps.relayPollMs ?? 250 });
  const ingest = new WebhookIngest({
    providerOf: deps.providerOf,
    secretsOf: (tenantId, connectionId) => secrets.of(tenantId, connectionId),
    store: new InboundEventStore(deps.dataSource),
    onStored: () => relay.nudge(),
    onOutcome: deps.registry ? webhookOutcomeCounter(deps.registry) : undefined,
  });
  const secrets = new WebhookSecrets(deps.secretStore);
  if (deps.relay !== false) relay.start();
  return { ingest, relay, close: () => relay.stop() };
}

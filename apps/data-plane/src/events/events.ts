import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { OutboxRelay, type EventBus } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import type { EgressGuard } from '@causeway/egress';
import type { SecretStore } from '@causeway/secrets';
import { deliveryMetrics, oldestPendingGauge } from './delivery/delivery-metrics';
import { DeliveryWorker, type DeliveryAuditSink } from './delivery/delivery-worker';
import { SubscriptionSecrets } from './delivery/subscription-secrets';
import type { SubscriptionsView } from '../config-view/subscriptions-view';
import { webhookOutcomeCounter } from './events-metrics';
import { InboundEventStore } from './inbound/inbound-event-store';
import { WebhookIngest, type ConnectionProviderLookup } from './inbound/webhook-ingest';
import { WebhookSecrets } from './inbound/webhook-secrets';
import { WorkLeases } from './leases/work-leases';
import { EventPruner, prunedCounter } from './retention/event-pruner';
import type { RetentionPolicy } from './retention/retention-policy';

export interface EventsDeps {
  dataSource: DataSource;
  bus: EventBus;
  secretStore: SecretStore;
  providerOf: ConnectionProviderLookup;
  logger: Logger;
  registry?: Registry;
  /** The relay's fallback poll (default 5 s): stored events wake it at once. */
  relayPollMs?: number;
  /** Off only in tests that need stored events to stay unpublished (the crash test). */
  relay?: boolean;
  /** Delivery to subscriptions' URLs; off when absent (tests of the ingest alone). */
  delivery?: { guard: EgressGuard; subscriptions: SubscriptionsView; audit: DeliveryAuditSink; pollMs?: number };
  /** Pruning of stored events past their retention, every `intervalMs`; off when absent. */
  retention?: { policy: () => RetentionPolicy; intervalMs: number };
}

export interface RunningEvents {
  ingest: WebhookIngest;
  relay: OutboxRelay;
  delivery?: DeliveryWorker;
  /** Tells the relay and the delivery worker that an event was stored in this process (a poll's, say). */
  stored(): void;
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
  const relay = new OutboxRelay({ dataSource: deps.dataSource, bus: deps.bus, logger: deps.logger, pollIntervalMs: deps.relayPollMs ?? 5000 });
  const ingest = new WebhookIngest({
    providerOf: deps.providerOf,
    // A delivery that does not verify looks in the store again, at most every 2 s per connection.
    secretsOf: (tenantId, connectionId, fresh) => secrets.of(tenantId, connectionId, fresh ? { maxAgeMs: 2_000 } : {}),
    store: new InboundEventStore(deps.dataSource),
    onStored: () => stored(),
    onOutcome: deps.registry ? webhookOutcomeCounter(deps.registry) : undefined,
  });
  const secrets = new WebhookSecrets(deps.secretStore);
  if (deps.relay !== false) relay.start();
  const delivery = deps.delivery && startDelivery(deps, deps.delivery);
  // The relay publishes it and the worker delivers it now, not at their next poll.
  const stored = () => {
    relay.nudge();
    delivery?.nudge();
  };
  const pruner = deps.retention && startPruning(deps, deps.retention);
  return {
    ingest,
    relay,
    delivery,
    stored,
    close: async () => {
      await pruner?.stop();
      await delivery?.stop();
      await relay.stop();
    },
  };
}

function startPruning(deps: EventsDeps, retention: NonNullable<EventsDeps['retention']>): EventPruner {
  const pruner = new EventPruner({
    dataSource: deps.dataSource,
    policy: retention.policy,
    logger: deps.logger,
    // One replica prunes at a time; the others would only contend for the same rows.
    leases: new WorkLeases(deps.dataSource, `pruner-${randomUUID()}`),
    onPruned: deps.registry ? prunedCounter(deps.registry) : undefined,
  });
  pruner.start(retention.intervalMs);
  return pruner;
}

function startDelivery(deps: EventsDeps, options: NonNullable<EventsDeps['delivery']>): DeliveryWorker {
  const secrets = new SubscriptionSecrets(deps.secretStore);
  const worker = new DeliveryWorker({
    dataSource: deps.dataSource,
    guard: options.guard,
    subscriptions: () => options.subscriptions.all(),
    signingSecrets: (subscription) => secrets.of(subscription),
    audit: options.audit,
    logger: deps.logger,
    metrics: deps.registry ? deliveryMetrics(deps.registry) : undefined,
  });
  if (deps.registry) oldestPendingGauge(deps.registry, () => worker.oldestPendingSeconds());
  worker.start(options.pollMs ?? 250);
  return worker;
}

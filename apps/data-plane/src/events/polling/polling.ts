import { catalog } from '@causeway/connectors';
import type { Logger } from '@causeway/observability';
import type { DataSource } from 'typeorm';
import type { EngineFor } from '../../actions/engine-for';
import { Admission } from '../../call/admit';
import type { ConfigView } from '../../config-view/config-view';
import type { CredentialProvider } from '../../credentials/credential-provider';
import type { CallGuards } from '../../limits/call-guards';
import { InboundEventStore } from '../inbound/inbound-event-store';
import { TriggerPoller, type PolledConnection } from './trigger-poller';
import { TriggerProjection } from './trigger-projection';
import { TriggerScheduler } from './trigger-scheduler';

export interface PollingDeps {
  dataSource: DataSource;
  configView: ConfigView;
  guards: CallGuards;
  credentials: CredentialProvider;
  engineFor: EngineFor;
  logger: Logger;
  /** Nudges the outbox relay so a polled change is published without waiting for its poll. */
  onStored: () => void;
  intervalMs: number;
}

/**
 * Polling triggers in the data plane: the scheduler over `polling_triggers`, its requests
 * admitted by the same guards as agents' calls (so a poll and an agent share the upstream's
 * declared pace and holds), sent by the same engine behind the egress guard with the
 * connection's credential. Only active connections of built-in providers are polled.
 */
export function startPolling(deps: PollingDeps): { close(): Promise<void> } {
  const connectionOf = (tenantId: string, connectionId: string): PolledConnection | undefined => {
    const record = deps.configView.connection(tenantId, connectionId);
    const provider = record?.status === 'active' ? catalog.provider(record.provider) : undefined;
    return record && provider ? { provider, record } : undefined;
  };
  const poller = new TriggerPoller({
    dataSource: deps.dataSource,
    connectionOf,
    engineFor: deps.engineFor,
    credentials: deps.credentials,
    admission: new Admission(deps.guards),
    gate: deps.guards.gate,
    store: new InboundEventStore(deps.dataSource),
    onStored: deps.onStored,
  });
  const scheduler = new TriggerScheduler({ dataSource: deps.dataSource, poller, logger: deps.logger, intervalMs: deps.intervalMs });
  // The table is a projection of the control plane's triggers (config stream and snapshot); the
  // first round waits for the first projection, so a trigger deleted while this replica was down
  // is not polled once more.
  const projection = new TriggerProjection({
    dataSource: deps.dataSource,
    triggers: () => deps.configView.pollingTriggers.all(),
    trigger: (id) => deps.configView.pollingTriggers.of(id),
    complete: () => deps.configView.isComplete,
    logger: deps.logger,
  });
  const unsubscribe = deps.configView.pollingTriggers.onChange((id) => projection.trigger(id));
  // Retries a failed projection; and a snapshot arriving late with no trigger in it changes
  // nothing the listener hears of, yet makes the view complete: then the rows of triggers
  // deleted meanwhile may go.
  const resync = setInterval(() => projection.tick(), 5_000).unref();
  let closed = false;
  const started = projection.sync().then(() => {
    if (!closed) scheduler.start();
  });
  return {
    close: async () => {
      closed = true;
      unsubscribe();
      clearInterval(resync);
      await started;
      await scheduler.stop();
      await projection.idle();
    },
  };
}

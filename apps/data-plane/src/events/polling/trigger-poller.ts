import type { Credential, ProviderDefinition } from '@causeway/connectors';
import type { CloudEvent } from '@causeway/contracts';
import { upstreamKey, type UpstreamGate } from '@causeway/resilience';
import type { DataSource } from 'typeorm';
import { actionAdmission, type Admission } from '../../call/admit';
import { CallError } from '../../call/call-error';
import type { EngineFor } from '../../actions/engine-for';
import type { ConnectionRecord } from '../../config-view/records';
import type { ConnectionRef } from '../../credentials/credential-provider';
import type { StoreOutcome } from '../inbound/inbound-event-store';
import { envelope } from '../inbound/webhook-ingest';
import { jiraIssuesSource } from './jira-issues-source';
import type { PollSource } from './poll-source';
import { PollingTrigger, type PollingKind } from './polling-trigger.entity';
import { salesforceRecordsSource } from './salesforce-records-source';

/** How each kind of trigger polls; a kind's provider must have the source's action. */
const SOURCES: Record<PollingKind, PollSource> = { 'jira.issues': jiraIssuesSource, 'salesforce.records': salesforceRecordsSource };
/** A poll reads at most this many pages; the rest waits for the next round (the cursor moved). */
const MAX_PAGES_PER_POLL = 20;

/** What the poller knows of a connection: its provider's definition and its record in the config view. */
export interface PolledConnection {
  provider: ProviderDefinition;
  record: ConnectionRecord;
}

export interface TriggerPollerDeps {
  dataSource: DataSource;
  connectionOf(tenantId: string, connectionId: string): PolledConnection | undefined;
  /** The connector engine behind the egress guard: `engineFactory(egress)`, as agents' calls use. */
  engineFor: EngineFor;
  credentials: { get(ref: ConnectionRef): Promise<Credential> };
  /** The data plane's admission: the upstream's holds and declared pace, shared with agents' calls. */
  admission: Admission;
  /** Records the holds the upstream announces (Retry-After, reset headers), as for agents' calls. */
  gate: UpstreamGate;
  store: { storeOnce(event: CloudEvent): Promise<StoreOutcome> };
  onStored?: () => void;
  /** Longest a poll waits for the upstream's pace before giving the round up. */
  maxWaitMs?: number;
}

export type PollOutcome =
  | { status: 'polled'; emitted: number; requests: number }
  /** The upstream's pace or a hold said wait longer than a poll may: nothing sent this round. */
  | { status: 'paced'; emitted: number; requests: number }
  | { status: 'failed'; reason: string; emitted: number; requests: number };

/**
 * One poll of one trigger: ask the upstream for what changed since the cursor, page by page,
 * each request admitted like an agent's call (the connection's holds and declared pace), store
 * each change once as a CloudEvent (outbox → `causeway.events.v1`), and only then move the
 * cursor. A crash between storing and moving the cursor re-reads those changes next time; the
 * store's `<record id>:<modstamp>` deduplication keeps them from being emitted twice.
 */
export class TriggerPoller {
  constructor(private readonly deps: TriggerPollerDeps) {}

  /**
   * `beforePage`, when given, is asked before each request: the scheduler renews the trigger's
   * lease there, and a lease lost (taken over by another replica) ends the poll.
   */
  async poll(trigger: PollingTrigger, { beforePage }: { beforePage?: () => Promise<boolean> } = {}): Promise<PollOutcome> {
    const connection = this.deps.connectionOf(trigger.tenantId, trigger.connectionId);
    const source = SOURCES[trigger.kind];
    const action = source ? connection?.provider.actions.find((a) => a.id === source.action) : undefined;
    if (!connection || !source || !action)
      return { status: 'failed', reason: `the connection is gone or cannot poll ${trigger.kind}`, emitted: 0, requests: 0 };
    const ref: ConnectionRef = { tenantId: trigger.tenantId, connectionId: trigger.connectionId, provider: connection.provider.id };
    const cursor = trigger.cursor ?? trigger.createdAt;
    const engine = this.deps.engineFor(connection.provider, connection.record);
    const context = { params: connection.record.params, serverOverrides: connection.record.serverOverrides ?? undefined };
    let newest = cursor;
    let emitted = 0;
    let requests = 0;
    let pageCursor: string | undefined;
    let outcome: PollOutcome | undefined;
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      if (beforePage && !(await beforePage())) {
        outcome = { status: 'failed', reason: 'another replica took the trigger over', emitted, requests };
        break;
      }
      const input = source.input(cursor, trigger.params, pageCursor);
      const maxWaitMs = this.deps.maxWaitMs ?? 5_000;
      const admitted = await this.deps.admission.waitForGate(
        actionAdmission(connection.provider, action, trigger.connectionId, input),
        Date.now() + maxWaitMs + 1,
        maxWaitMs,
      );
      if (admitted instanceof CallError || !admitted.allowed) {
        outcome = { status: 'paced', emitted, requests };
        break;
      }
      let credential: Credential;
      try {
        credential = await this.deps.credentials.get(ref);
      } catch (error) {
        outcome = { status: 'failed', reason: `no credential: ${(error as Error).message}`, emitted, requests };
        break;
      }
      requests += 1;
      const result = await engine.executeAction({ action: source.action, input, credential, connection: context, timeoutMs: 10_000 });
      await this.deps.gate.afterCall(upstreamKey(ref.provider, ref.connectionId), result.rateLimit);
      const changes = source.page(result);
      if (!changes.ok) {
        outcome = { status: 'failed', reason: changes.result.ok ? 'unreadable answer' : changes.result.error.code, emitted, requests };
        break;
      }
      for (const record of changes.records) {
        // The overlap reaches back before the trigger existed: those changes are not its to emit.
        if (record.modifiedAt < trigger.createdAt) continue;
        const event = envelope(
          trigger.tenantId,
          trigger.connectionId,
          ref.provider,
          {
            deliveryId: `${record.id}:${record.modifiedAt.toISOString()}`,
            type: source.eventType(trigger.params),
            subject: record.subject,
            time: record.modifiedAt.toISOString(),
            data: record.data,
          },
          Date.now(),
        );
        const stored = await this.deps.store.storeOnce(event);
        if (stored.stored) emitted += 1;
        if (record.modifiedAt > newest) newest = record.modifiedAt;
      }
      pageCursor = changes.nextCursor;
      if (!pageCursor) break;
    }
    if (emitted > 0) this.deps.onStored?.();
    // Whatever was stored is durable; the cursor moves to the newest of it even when a later page failed.
    if (newest.getTime() !== cursor.getTime()) await this.deps.dataSource.getRepository(PollingTrigger).update({ id: trigger.id }, { cursor: newest });
    return outcome ?? { status: 'polled', emitted, requests };
  }
}

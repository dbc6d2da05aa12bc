import { TOPICS, type AuditEvent } from '@causeway/contracts';
import type { BusMessage, IntentLog } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import type { CallAuditSink } from './call-audit';

/**
 * What is written, durably, before a call may reach a provider: who calls what, where, with
 * which Idempotency-Key. Never the payload: a crash report must not become a copy of the data.
 */
export interface CallIntent {
  tenantId: string;
  keyId: string;
  keyName: string;
  tool: string;
  connectionId: string;
  idempotencyKey?: string;
  correlationId: string;
  workflowRunId?: string;
  begunAt: string;
}

/** The journal of call intents: the data plane's `IntentLog` in production. */
export interface CallIntentJournal {
  begin(id: string, intent: CallIntent): Promise<void>;
  end(id: string): Promise<void>;
}

/**
 * The one audit event of a call whose process died after it may have reached the provider and
 * before its answer was recorded. Its id is the intent's, so reporting the same intent twice
 * (a crash during recovery) stores one event.
 */
export function outcomeUnknownMessage(id: string, intent: CallIntent): BusMessage {
  const event: AuditEvent = {
    id,
    specVersion: 1,
    tenantId: intent.tenantId,
    occurredAt: new Date().toISOString(),
    actor: { type: 'api_key', id: intent.keyId, label: intent.keyName },
    action: 'tool.call',
    outcome: 'outcome_unknown',
    target: { type: 'tool', id: intent.tool },
    correlationId: intent.correlationId,
    ...(intent.workflowRunId ? { workflowRunId: intent.workflowRunId } : {}),
    tool: intent.tool,
    connectionId: intent.connectionId,
    details: {
      begunAt: intent.begunAt,
      ...(intent.idempotencyKey ? { idempotencyKey: intent.idempotencyKey } : {}),
      reason: 'the data plane stopped after this call may have reached the provider and before its answer was recorded; check the provider',
    },
  };
  return { topic: TOPICS.audit, key: intent.tenantId, value: event, headers: { 'event-id': event.id } };
}

/**
 * At start: every intent the previous run left unended gets its `outcome_unknown` event on the
 * audit spool (durable once this resolves), then the journal forgets that history.
 */
export async function recoverCallIntents(log: IntentLog<CallIntent>, sink: CallAuditSink, logger: Logger): Promise<number> {
  const unfinished = await log.start();
  const messages = [...unfinished].map(([id, intent]) => outcomeUnknownMessage(id, intent));
  for (let i = 0; i < messages.length; i += 500) await sink.publish(messages.slice(i, i + 500));
  await log.forgetPrevious();
  if (messages.length > 0) logger.warn({ calls: messages.length }, 'calls cut off by the previous stop were audited as outcome_unknown');
  return messages.length;
}

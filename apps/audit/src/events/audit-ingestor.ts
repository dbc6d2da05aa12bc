import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { auditEventSchema, TOPICS, type AuditEvent } from '@causeway/contracts';
import type { EventBus, ReceivedMessage } from '@causeway/messaging';
import { METRIC_NAMES } from '@causeway/observability';
import { AuditRecord } from './audit-record.entity';

export interface AuditIngestorOptions {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  registry: Registry;
}

type Parsed = { ok: true; event: AuditEvent } | { ok: false; reason: string };

/**
 * Turns a batch from the audit topic into stored rows. A malformed message goes to the
 * dead-letter topic with its reason (never retried forever, never dropped silently); the
 * valid ones are inserted in one transaction, idempotent on event id. The bus commits the
 * batch's offsets only after this resolves.
 */
export class AuditIngestor {
  private readonly stored: Counter;
  private readonly deadLettered: Counter;
  private readonly writeDuration: Histogram;

  constructor(private readonly options: AuditIngestorOptions) {
    const registers = [options.registry];
    this.stored = new Counter({ name: METRIC_NAMES.auditEventsStored, help: 'Audit events stored (new rows only)', registers });
    this.deadLettered = new Counter({ name: METRIC_NAMES.auditDeadLettered, help: 'Malformed audit messages sent to the DLQ', registers });
    this.writeDuration = new Histogram({
      name: METRIC_NAMES.auditWriteDuration,
      help: 'Time to store one batch of audit events',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  async handleBatch(messages: ReceivedMessage[]): Promise<void> {
    const valid: AuditEvent[] = [];
    const invalid: { message: ReceivedMessage; reason: string }[] = [];
    for (const message of messages) {
      const parsed = parse(message);
      if (parsed.ok) valid.push(parsed.event);
      else invalid.push({ message, reason: parsed.reason });
    }
    if (invalid.length) await this.deadLetter(invalid);
    if (valid.length) await this.store(valid);
  }

  private async store(events: AuditEvent[]): Promise<void> {
    const end = this.writeDuration.startTimer();
    const result = await this.options.dataSource
      .createQueryBuilder()
      .insert()
      .into(AuditRecord)
      .values(
        events.map((e) => ({
          id: e.id,
          tenantId: e.tenantId,
          occurredAt: new Date(e.occurredAt),
          action: e.action,
          outcome: e.outcome,
          actorType: e.actor.type,
          actorId: e.actor.id,
          tool: e.tool ?? null,
          connectionId: e.connectionId ?? null,
          correlationId: e.correlationId ?? null,
          event: e as unknown as Record<string, unknown>,
        })) as QueryDeepPartialEntity<AuditRecord>[], // TypeORM's deep-partial type cannot express jsonb records
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    end();
    this.stored.inc(result.raw.length);
  }

  private async deadLetter(items: { message: ReceivedMessage; reason: string }[]): Promise<void> {
    this.options.logger.warn({ count: items.length, reasons: items.map((i) => i.reason) }, 'audit messages dead-lettered');
    await this.options.bus.publish(
      items.map(({ message, reason }) => ({
        topic: TOPICS.auditDeadLetter,
        key: message.key ?? 'unknown',
        value: {
          reason,
          source: { topic: message.topic, partition: message.partition, offset: message.offset },
          raw: message.value,
        },
        headers: { 'dlq-reason': reason.slice(0, 200) },
      })),
    );
    this.deadLettered.inc(items.length);
  }
}

function parse(message: ReceivedMessage): Parsed {
  if (message.value === null) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = auditEventSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, reason: `${issue.path.join('.') || '(event)'}: ${issue.message}` };
  }
  if (message.key !== null && message.key !== result.data.tenantId) {
    return { ok: false, reason: 'key does not match tenantId' };
  }
  return { ok: true, event: result.data };
}

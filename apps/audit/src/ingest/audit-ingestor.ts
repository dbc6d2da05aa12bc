import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import { startConsumerSpan, type EventBus, type ReceivedMessage } from '@causeway/messaging';
import { failSpan, METRIC_NAMES, setSpanAttributes } from '@causeway/observability';
import type { AuditStore, ChainableEvent } from '../store/audit-store';
import { parseAuditMessage } from './message-parser';

export interface AuditIngestorOptions {
  /** Only `append` is needed, which lets a benchmark count what was stored. */
  store: Pick<AuditStore, 'append'>;
  bus: EventBus;
  deadLetterTopic: string;
  logger: Logger;
  registry: Registry;
}

/**
 * Turns one batch from the audit topic into stored, chained rows. A malformed message goes to
 * the dead-letter topic with its reason (never retried for ever, never dropped silently); the
 * valid ones are appended in one transaction, idempotent on (tenant, event id). The bus
 * commits the batch's offsets only after this resolves, so a crash anywhere before the commit
 * replays the batch and the store drops what it already has.
 */
export class AuditIngestor {
  private readonly stored: Counter;
  private readonly duplicates: Counter;
  private readonly deadLettered: Counter;
  private readonly writeDuration: Histogram;

  constructor(private readonly options: AuditIngestorOptions) {
    const registers = [options.registry];
    this.stored = new Counter({ name: METRIC_NAMES.auditEventsStored, help: 'Audit events stored (new rows only)', registers });
    this.duplicates = new Counter({
      name: METRIC_NAMES.auditDuplicatesSkipped,
      help: 'Audit events skipped because their id was already stored (redelivery)',
      registers,
    });
    this.deadLettered = new Counter({ name: METRIC_NAMES.auditDeadLettered, help: 'Malformed audit messages sent to the DLQ', registers });
    this.writeDuration = new Histogram({
      name: METRIC_NAMES.auditWriteDuration,
      help: 'Time to store one batch of audit events',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /**
   * One consumer span per message, a child of its producer span: the messages of a batch are
   * stored in one transaction, so their spans share its duration and its outcome.
   */
  async handleBatch(messages: ReceivedMessage[]): Promise<void> {
    const spans = messages.map((message) => {
      const span = startConsumerSpan('audit', message, 'audit ingest');
      // The audit topic is keyed by tenant id (the contract); a wrong key is dead-lettered below.
      setSpanAttributes(span, { 'causeway.tenant_id': message.key ?? undefined });
      return span;
    });
    try {
      await this.ingest(messages);
    } catch (error) {
      for (const span of spans) if (span) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans) span?.end();
    }
  }

  private async ingest(messages: ReceivedMessage[]): Promise<void> {
    const valid: ChainableEvent[] = [];
    const invalid: { message: ReceivedMessage; reason: string }[] = [];
    for (const message of messages) {
      const parsed = parseAuditMessage(message);
      if (parsed.ok) valid.push(parsed.item);
      else invalid.push({ message, reason: parsed.reason });
    }
    if (invalid.length) await this.deadLetter(invalid);
    if (valid.length) {
      const end = this.writeDuration.startTimer();
      const result = await this.options.store.append(valid);
      end();
      this.stored.inc(result.stored);
      if (result.duplicates) this.duplicates.inc(result.duplicates);
    }
  }

  private async deadLetter(items: { message: ReceivedMessage; reason: string }[]): Promise<void> {
    this.options.logger.warn({ count: items.length, reasons: items.map((i) => i.reason) }, 'audit messages dead-lettered');
    await this.options.bus.publish(
      items.map(({ message, reason }) => ({
        topic: this.options.deadLetterTopic,
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

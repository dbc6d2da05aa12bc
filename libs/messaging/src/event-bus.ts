/**
 * The EventBus port. Two adapters implement it: Kafka (production) and in-process (the
 * embedded default). Domain code never knows which one it talks to.
 *
 * Delivery is at-least-once in both: consumers must be idempotent on the event id.
 */
export interface BusMessage {
  topic: string;
  /** Partition key: tenant id for audit (per-tenant order), entity id for config (compaction). */
  key: string;
  /** JSON-serialisable payload; it carries its own stable `id`. */
  value: unknown;
  headers?: Record<string, string>;
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** Raw text as it came off the wire: consumers validate before trusting it. */
  value: string | null;
  headers: Record<string, string>;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /**
   * Handles one batch of one partition, in order. The adapter commits the batch's offsets
   * only after this resolves; if it throws, the batch is delivered again.
   */
  handleBatch(messages: ReceivedMessage[]): Promise<void>;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface EventBus {
  readonly kind: 'kafka' | 'in-process';
  /** Resolves once every message is durably accepted (Kafka: acks=all). */
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Throws when the bus cannot currently accept messages; used by `/readyz`. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_BUS = Symbol('EVENT_BUS');

export function encodeMessageValue(value: unknown): string {
  return JSON.stringify(value);
}

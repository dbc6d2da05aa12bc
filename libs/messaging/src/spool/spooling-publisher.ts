import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { withTraceContext } from '../trace-context';
import type { BusMessage, EventBus } from '../event-bus';
import { DiskSpool, type SpoolSegment } from './disk-spool';
import { SpoolError, isSpoolError } from './spool.errors';
import { SpoolMetrics } from './spool-metrics';
import { encodeRecord } from './spool-record';

/** What the data plane needs from its audit publisher. */
export interface MessagePublisher {
  publish(messages: BusMessage[]): Promise<void>;
}

export interface SpoolingPublisherOptions {
  bus: EventBus;
  /** Spool directory on local disk (a volume that survives a container restart in production). */
  directory: string;
  logger: Logger;
  registry?: Registry;
  /** Value of the `spool` metric label. Default `audit`. */
  name?: string;
  /** Most messages per spool append (one write and one fsync for all their callers). Default 500. */
  maxBatchSize?: number;
  /** Hard limit of the spool's segment files. Default 512 MiB. */
  maxSpoolBytes?: number;
  /**
   * Headroom below `maxSpoolBytes` kept for events of calls already admitted: `isAccepting()`
   * turns false once less than this is left. Default a tenth of the limit, 1–64 MiB.
   */
  reserveBytes?: number;
  /** In-memory queue length at which `isAccepting()` turns false. Default 20000. */
  maxQueuedMessages?: number;
  /** A segment is closed and a new one started past this size. Default 8 MiB. */
  maxSegmentBytes?: number;
  /** Largest encoded record. Default 512 KiB (Kafka's default message limit is 1 MiB). */
  maxRecordBytes?: number;
  /** Spooled records per bus publish while draining. Default 500. */
  drainBatchSize?: number;
  /** Backoff between drain attempts while the bus is down. Defaults 200 and 5000. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** How long `close()` waits for a drain publish in flight. Default 5000. */
  closeTimeoutMs?: number;
  /** How long the drainer lets the active segment fill before sealing it. Default 20. */
  sealMs?: number;
  /**
   * Fsync the spool in the background at this interval instead of before answering (0, the
   * default: every batch is fsynced before `publish` resolves). With it, `publish` resolves once
   * the batch is written: it survives a crash of the process, and an OS crash or power loss
   * can lose at most the last interval's events — the trade Kafka's own brokers make by default.
   */
  syncIntervalMs?: number;
}

export interface SpoolingPublisherStatus {
  accepting: boolean;
  queuedMessages: number;
  spooledRecords: number;
  spoolBytes: number;
}

interface Pending {
  messages: BusMessage[];
  lines: Buffer[];
  bytes: number;
  resolve(): void;
  reject(error: Error): void;
}

const MiB = 1024 * 1024;
/** What callers refused for lack of room are told to wait before retrying. */
const FULL_RETRY_AFTER_MS = 5000;

/**
 * Publishes to the event bus without ever failing because the bus is down: write-ahead.
 *
 * Every message is appended to a durable spool on local disk first (concurrent callers share
 * one write and one fsync), and `publish` resolves then; a background drainer forwards the
 * spool to the bus, oldest segment first, in order. So the bus sees messages in the order they
 * were accepted, a key's (tenant's) order holds across an outage, and a caller waits for one
 * local group-committed fsync (sub-millisecond on local disk), never for the bus.
 *
 * The promise `publish` returns rejects only with a `SpoolError`: the spool is full, the disk
 * failed, the publisher is closed, or a record is too large.
 *
 * Delivery is at-least-once: a crash between the bus's ack and a segment's deletion resends
 * that segment. Events carry a stable id; consumers drop duplicates.
 */
export class SpoolingPublisher implements MessagePublisher {
  private readonly spool: DiskSpool;
  private readonly metrics: SpoolMetrics;
  private readonly log: Logger;
  private readonly maxBatchSize: number;
  private readonly maxSpoolBytes: number;
  private readonly reserveBytes: number;
  private readonly maxQueuedMessages: number;
  private readonly maxRecordBytes: number;
  private readonly drainBatchSize: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly closeTimeoutMs: number;
  private readonly sealMs: number;

  private state: 'new' | 'starting' | 'running' | 'closing' | 'closed' = 'new';
  private queue: Pending[] = [];
  private queuedMessages = 0;
  private queuedBytes = 0;
  private flushing?: Promise<void>;
  private drainer?: Promise<void>;
  private stopping = false;
  private closing?: Promise<void>;
  private readonly signal = new Signal();

  constructor(private readonly options: SpoolingPublisherOptions) {
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.maxSpoolBytes = options.maxSpoolBytes ?? 512 * MiB;
    this.reserveBytes = options.reserveBytes ?? Math.floor(Math.max(Math.min(this.maxSpoolBytes / 10, 64 * MiB), Math.min(MiB, this.maxSpoolBytes / 2)));
    this.maxQueuedMessages = options.maxQueuedMessages ?? 20_000;
    const maxSegmentBytes = options.maxSegmentBytes ?? 8 * MiB;
    this.maxRecordBytes = options.maxRecordBytes ?? Math.min(512 * 1024, maxSegmentBytes);
    this.drainBatchSize = options.drainBatchSize ?? 500;
    this.retryMinMs = options.retryMinMs ?? 200;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.sealMs = options.sealMs ?? 20;
    if (this.reserveBytes >= this.maxSpoolBytes) throw new Error('reserveBytes must be smaller than maxSpoolBytes');
    if (this.maxRecordBytes > maxSegmentBytes) throw new Error('maxRecordBytes must not exceed maxSegmentBytes');
    if (this.maxBatchSize < 1 || this.drainBatchSize < 1) throw new Error('batch sizes must be at least 1');

    const name = options.name ?? 'audit';
    this.log = options.logger.child({ component: 'spooling-publisher', spool: name });
    this.metrics = new SpoolMetrics(options.registry, name, this.maxSpoolBytes);
    this.spool = new DiskSpool({
      directory: options.directory,
      maxSegmentBytes,
      syncIntervalMs: options.syncIntervalMs ?? 0,
      onFsync: (seconds) => this.metrics.fsyncSeconds(seconds),
      onSyncError: (error) =>
        this.log.error({ err: error }, 'background fsync of the spool failed: events written since the last sync may not survive an OS crash'),
      onCorrupt: (lines, segment) => {
        this.metrics.corruptRecords(lines);
        this.log.warn({ segment, lines }, 'skipped torn or corrupt spool lines (never acknowledged, or damaged on disk)');
      },
    });
  }

  /** Opens the spool; segments left by a previous run are drained first, in order. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`cannot start a ${this.state} spooling publisher`);
    this.state = 'starting';
    let found;
    try {
      found = await this.spool.open();
    } catch (error) {
      this.state = 'closed';
      throw error;
    }
    if (found.records > 0) this.log.info(found, 'found spooled records from a previous run; draining them first');
    this.updateLevel();
    this.state = 'running';
    this.drainer = this.drain();
  }

  /**
   * Resolves once every message is fsynced to the spool. Never
   * rejects because the bus is down; rejects with a `SpoolError` when the messages could not be
   * made durable (see `SpoolErrorCode`). A call's messages are accepted or refused together.
   */
  publish(messages: BusMessage[]): Promise<void> {
    if (this.state !== 'running') {
      this.metrics.rejectedMessages('closed', messages.length);
      return Promise.reject(new SpoolError('spool_closed', `spooling publisher is ${this.state}`));
    }
    if (messages.length === 0) return Promise.resolve();
    messages = messages.map(withTraceContext);
    let lines: Buffer[];
    try {
      lines = messages.map(encodeRecord);
    } catch (error) {
      // Not serialisable (a BigInt, a cycle): a bug in the producer, refused before queueing.
      return Promise.reject(error);
    }
    const tooLarge = lines.find((line) => line.length > this.maxRecordBytes);
    if (tooLarge) {
      this.metrics.rejectedMessages('too_large', messages.length);
      return Promise.reject(new SpoolError('record_too_large', `record of ${tooLarge.length} bytes exceeds the ${this.maxRecordBytes}-byte limit`));
    }
    const bytes = lines.reduce((sum, line) => sum + line.length, 0);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, lines, bytes, resolve, reject });
      this.queuedMessages += messages.length;
      this.queuedBytes += bytes;
      this.kick();
    });
  }

  /**
   * Whether new work whose events must be recorded should be admitted. False once the spool
   * is within `reserveBytes` of its limit (or the in-memory queue is long): the data plane
   * should then refuse new calls with `unavailable` rather than make calls it cannot audit.
   */
  isAccepting(): boolean {
    if (this.state !== 'running') return false;
    if (this.queuedMessages >= this.maxQueuedMessages) return false;
    return this.spool.bytes + this.queuedBytes <= this.maxSpoolBytes - this.reserveBytes;
  }

  /** Throws `spool_full` (or `spool_closed`) when `isAccepting()` is false; counts the refusal. */
  assertAccepting(): void {
    if (this.isAccepting()) return;
    this.metrics.rejectedMessages('admission');
    if (this.state !== 'running') throw new SpoolError('spool_closed', `spooling publisher is ${this.state}`);
    throw new SpoolError('spool_full', 'audit spool is full: not accepting new work until the event bus is back', FULL_RETRY_AFTER_MS);
  }

  /** For `/readyz`: fails while new work would be refused, so traffic moves to other replicas. */
  async check(): Promise<void> {
    if (!this.isAccepting()) throw new Error(`spool not accepting (${this.spool.bytes} of ${this.maxSpoolBytes} bytes used)`);
  }

  status(): SpoolingPublisherStatus {
    return {
      accepting: this.isAccepting(),
      queuedMessages: this.queuedMessages,
      spooledRecords: this.spool.pendingRecords,
      spoolBytes: this.spool.bytes,
    };
  }

  /**
   * Resolves true once nothing is queued or spooled (the bus has everything), false after
   * `timeoutMs`. For a graceful shutdown: give the spool a chance to reach the bus before the
   * process (and, with an ephemeral volume, the spool) goes away.
   */
  async waitForDrain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const drained = this.spool.pendingRecords === 0 && this.queue.length === 0 && !this.flushing;
      if (drained) return true;
      if (Date.now() >= deadline || this.state !== 'running') return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))));
    }
  }

  /**
   * Refuses new messages, writes what is queued to the spool, stops the drainer
   * (waiting up to `closeTimeoutMs` for a publish in flight) and closes the spool. Whatever is
   * still spooled is drained by the next `start` on the same directory. Does not close the bus.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.state === 'new') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    this.startFlush();
    while (this.flushing) await this.flushing;
    this.stopping = true;
    this.signal.notify();
    const stopped = await settlesWithin(this.drainer ?? Promise.resolve(), this.closeTimeoutMs);
    if (!stopped) this.log.warn('a drain publish is still waiting on the bus; its records stay spooled for the next start');
    await this.spool.close();
    this.state = 'closed';
  }

  // ---- batching ----------------------------------------------------------------------------

  private kick(): void {
    // A running flush loop takes what was queued meanwhile: the batch is whatever arrived
    // during the previous append (group commit), with no timer of its own.
    if (!this.flushing) this.startFlush();
  }

  private startFlush(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** One batch at a time, so batches reach the spool in the order they were accepted. */
  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) await this.flushToSpool(this.take());
  }

  private take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n].messages.length <= this.maxBatchSize)) {
      count += this.queue[n].messages.length;
      n++;
    }
    const batch = this.queue.splice(0, n);
    this.queuedMessages -= count;
    this.queuedBytes -= batch.reduce((sum, p) => sum + p.bytes, 0);
    return batch;
  }

  // ---- the spool path ---------------------------------------------------------------------

  /** Appends a batch (one write, one fsync for all its callers). */
  private async flushToSpool(batch: Pending[]): Promise<void> {
    let room = this.maxSpoolBytes - this.spool.bytes;
    let fits = 0;
    while (fits < batch.length && batch[fits].bytes <= room) room -= batch[fits++].bytes;
    const accepted = batch.slice(0, fits);
    const refused = batch.slice(fits);
    if (refused.length > 0) {
      const count = refused.reduce((sum, p) => sum + p.messages.length, 0);
      this.metrics.rejectedMessages('full', count);
      this.log.error({ refused: count, spoolBytes: this.spool.bytes }, 'spool full: refusing messages');
      const error = new SpoolError('spool_full', 'audit spool is full and the event bus is unavailable', FULL_RETRY_AFTER_MS);
      for (const p of refused) p.reject(error);
    }
    if (accepted.length === 0) return;
    const count = accepted.reduce((sum, p) => sum + p.messages.length, 0);
    try {
      await this.spool.append(accepted.flatMap((p) => p.lines));
    } catch (error) {
      const failure = isSpoolError(error) ? error : new SpoolError('spool_write_failed', String(error), undefined, { cause: error });
      this.metrics.rejectedMessages(failure.code === 'spool_closed' ? 'closed' : 'write_failed', count);
      this.log.error({ err: error, messages: count }, 'could not write to the spool');
      for (const p of accepted) p.reject(failure);
      return;
    } finally {
      this.updateLevel();
    }
    this.metrics.spooledRecords(count);
    for (const p of accepted) p.resolve();
    this.signal.notify();
  }

  // ---- the drainer ------------------------------------------------------------------------

  /**
   * Forwards the spool to the bus, oldest segment first, in order; deletes a segment only
   * after the bus acknowledged all its records.
   */
  private async drain(): Promise<void> {
    let segment: SpoolSegment | undefined;
    let messages: BusMessage[] = [];
    let backoffMs = 0;
    while (!this.stopping) {
      try {
        if (!segment) {
          segment = this.spool.oldestSealed();
          if (!segment) {
            // Wait for records, then let the segment fill a little so a busy publisher seals
            // (and creates) a few segments a second, not one per call.
            if (this.spool.pendingRecords === 0) await this.signal.wait();
            else await sleep(this.sealMs);
            if (this.stopping) return;
            if (this.spool.pendingRecords > 0) await this.spool.seal();
            continue;
          }
          messages = (await this.spool.read(segment)).messages;
          if (this.stopping) return;
        }
        while (segment.acked < messages.length) {
          const chunk = messages.slice(segment.acked, segment.acked + this.drainBatchSize);
          await this.options.bus.publish(chunk);
          this.spool.ack(segment, chunk.length);
          this.metrics.drainedRecords(chunk.length);
          this.updateLevel();
          if (this.stopping) return;
        }
        await this.spool.remove(segment);
        segment = undefined;
        this.updateLevel();
        if (backoffMs > 0) this.log.info('event bus reachable again; draining the spool');
        backoffMs = 0;
      } catch (error) {
        if (this.stopping) return;
        this.metrics.flushFailure('drain');
        backoffMs = Math.min(this.retryMaxMs, Math.max(this.retryMinMs, backoffMs * 2));
        this.log.warn({ err: error, retryInMs: backoffMs, spooled: this.spool.pendingRecords }, 'spool drain failed; will retry');
        await this.signal.wait(backoffMs);
      }
    }
  }

  private updateLevel(): void {
    this.metrics.level(this.spool.pendingRecords, this.spool.bytes);
  }
}

/** Wakes one waiter; a notify with nobody waiting is remembered for the next wait. */
class Signal {
  private pending = false;
  private release?: () => void;

  notify(): void {
    const release = this.release;
    this.release = undefined;
    if (release) release();
    else this.pending = true;
  }

  wait(timeoutMs?: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.release === done) this.release = undefined;
        resolve();
      };
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
      this.release = done;
    });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True if `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

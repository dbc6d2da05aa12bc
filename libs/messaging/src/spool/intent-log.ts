import { GroupCommit } from '../group-commit';
import { DiskSpool, type SpoolSegment } from './disk-spool';
import { encodeRecord } from './spool-record';

export interface IntentLogOptions {
  /** Its own directory (a spool directory holds one spool). */
  directory: string;
  /** As the audit spool's: fsync in the background at this interval (0: before `begin` resolves). */
  syncIntervalMs?: number;
  /** How often the log is compacted while intents come and go. Default 5000. */
  compactEveryMs?: number;
  /** A background compaction failed (the log only grows until the next one succeeds). */
  onCompactionError?(error: unknown): void;
}

/** Record kinds on disk: an intent begun (with what to report of it), or ended. */
const BEGUN = 'intent.begun';
const ENDED = 'intent.ended';

/**
 * A durable journal of work that has begun and not yet ended, to learn after a crash what a
 * previous run left unfinished: `begin` resolves once the intent is as durable as the audit
 * spool's events, `end` appends a marker. On `open`, intents the previous run began and never
 * ended are handed back; the caller reports them, then `forgetPrevious` deletes that history.
 *
 * Built on the audit spool's segment files (same line format, checksums and locking). Kept
 * small while running: every `compactEveryMs`, if anything was written, the active segment is
 * sealed, the intents still open are written again into the new one, and every older segment
 * is deleted. A crash mid-compaction leaves an intent twice, never none; ids deduplicate it.
 */
export class IntentLog<T> {
  private readonly spool: DiskSpool;
  private readonly open = new Map<string, T>();
  private previous: SpoolSegment[] = [];
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private compacting?: Promise<void>;
  private closed = false;
  /** Markers that arrive while an append is under way go together in the next (one write, one fsync). */
  private readonly appends = new GroupCommit<Buffer, void>(async (lines) => {
    await this.spool.append(lines);
    return lines.map(() => undefined);
  });

  constructor(private readonly options: IntentLogOptions) {
    this.spool = new DiskSpool({ directory: options.directory, maxSegmentBytes: 64 * 1024 * 1024, syncIntervalMs: options.syncIntervalMs ?? 0 });
  }

  /** Opens the log and returns the intents a previous run began and never ended, in the order begun. */
  async start(): Promise<Map<string, T>> {
    await this.spool.open();
    this.previous = this.spool.sealedSegments();
    const unfinished = new Map<string, T>();
    for (const segment of this.previous) {
      for (const { key, value } of (await this.spool.read(segment)).messages) {
        const record = value as { kind?: string; intent?: T };
        if (record.kind === BEGUN) unfinished.set(key, record.intent as T);
        else if (record.kind === ENDED) unfinished.delete(key);
      }
    }
    const every = this.options.compactEveryMs ?? 5000;
    this.timer = setInterval(() => void this.compact().catch((error: unknown) => this.options.onCompactionError?.(error)), every);
    this.timer.unref();
    return unfinished;
  }

  /** Deletes what the previous run left, once its unfinished intents were reported. */
  async forgetPrevious(): Promise<void> {
    for (const segment of this.previous) await this.spool.remove(segment);
    this.previous = [];
  }

  /** Resolves once the intent is durable; the work it announces may start then. */
  async begin(id: string, intent: T): Promise<void> {
    this.open.set(id, intent);
    this.dirty = true;
    try {
      await this.append(encodeRecord({ topic: BEGUN, key: id, value: { kind: BEGUN, intent } }));
    } catch (error) {
      this.open.delete(id);
      throw error;
    }
  }

  /**
   * Marks the intent ended. Appended, not fsynced before it resolves: an OS crash that loses
   * it reports the intent as unfinished although its outcome was recorded — a duplicate
   * entry, never a missing one.
   */
  async end(id: string): Promise<void> {
    if (!this.open.delete(id)) return;
    this.dirty = true;
    await this.append(encodeRecord({ topic: ENDED, key: id, value: { kind: ENDED } }));
  }

  /** Intents begun and not ended in this run. */
  get openCount(): number {
    return this.open.size;
  }

  /** Rewrites the open intents into a fresh segment and deletes the older ones; exposed for tests. */
  compact(): Promise<void> {
    if (this.compacting || !this.dirty || this.closed) return this.compacting ?? Promise.resolve();
    this.compacting = this.compactNow().finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  /** Stops compacting and closes the file; unended intents stay for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.compacting;
    await this.appends.drain();
    await this.spool.close();
  }

  private append(line: Buffer): Promise<void> {
    return this.appends.submit(line);
  }

  private async compactNow(): Promise<void> {
    this.dirty = false;
    await this.spool.seal();
    // Everything sealed now holds only what is either ended or still in `open`, which is
    // written again below before any of it is deleted. The previous run's history waits for
    // `forgetPrevious`, since its unfinished intents may not have been reported yet.
    const sealed = this.spool.sealedSegments().filter((s) => !this.previous.includes(s));
    const still = [...this.open];
    if (still.length > 0) await this.spool.append(still.map(([key, intent]) => encodeRecord({ topic: BEGUN, key, value: { kind: BEGUN, intent } })));
    for (const segment of sealed) await this.spool.remove(segment);
  }
}

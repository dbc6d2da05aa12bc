import { mkdir, open, readdir, readFile, rm, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BusMessage } from '../event-bus';
import { SpoolError } from './spool.errors';
import { decodeSegment } from './spool-record';

/**
 * The durable half of the spooling publisher: a directory of append-only segment files.
 *
 * - Appends go to one active segment, one `write` + `fdatasync` per call; the caller batches
 *   (group commit), so concurrent publishers share one fsync. With `syncIntervalMs`, an append
 *   resolves once written (in the page cache: it survives a crash of the process) and the
 *   segment is fsynced in the background at that interval and before it is sealed.
 * - A new segment is created when the active one would pass `maxSegmentBytes`, and whenever
 *   the drainer asks to seal it. Only sealed segments are read, so a reader never races a writer.
 * - A segment is deleted only after the bus acknowledged every record in it.
 * - On open, every existing segment (a previous run's) is sealed and queued for draining;
 *   a torn last line from a crash is counted and skipped.
 */
export interface SpoolSegment {
  readonly seq: number;
  readonly path: string;
  /** Bytes on disk that were fully written and fsynced. */
  bytes: number;
  /** Valid records in the segment. */
  records: number;
  /** Records the bus acknowledged; the segment goes when `acked === records`. */
  acked: number;
  /** Corrupt lines already reported for this segment. */
  corrupt: number;
  sealed: boolean;
}

export interface DiskSpoolOptions {
  directory: string;
  maxSegmentBytes: number;
  /**
   * Fsync in the background at this interval instead of on every append (0: every append).
   * An OS crash or power loss can then lose the appends of the last interval; a crash of the
   * process loses nothing.
   */
  syncIntervalMs?: number;
  /** Reports fsync durations (seconds) and skipped corrupt lines. */
  onFsync?(seconds: number): void;
  /** A background fsync failed: what was written may not be on disk. */
  onSyncError?(error: unknown): void;
  onCorrupt?(lines: number, segment: string): void;
}

export interface OpenSummary {
  segments: number;
  records: number;
  corrupt: number;
}

const SEGMENT_NAME = /^seg-(\d{12})\.ndjson$/;
const LOCK_FILE = 'spool.lock';

/** Directories open in this process: two spools on one directory would delete each other's data. */
const openDirectories = new Set<string>();

export class DiskSpool {
  readonly directory: string;
  private segments: SpoolSegment[] = [];
  private active?: { segment: SpoolSegment; handle: FileHandle };
  private nextSeq = 1;
  /** Appends and seals run one at a time, in call order. */
  private tail: Promise<unknown> = Promise.resolve();
  private inflightAppends = 0;
  private totalBytes = 0;
  /** Written to the active segment since its last fsync (background sync only). */
  private unsynced = false;
  private syncTimer?: NodeJS.Timeout;
  /** The background fsync under way, if any (it runs beside appends, not in their queue). */
  private syncing?: Promise<void>;
  private opened = false;

  constructor(private readonly options: DiskSpoolOptions) {
    this.directory = resolve(options.directory);
  }

  /** Creates the directory if needed, takes the lock, and finds segments a previous run left. */
  async open(): Promise<OpenSummary> {
    if (openDirectories.has(this.directory)) {
      throw new Error(`spool directory ${this.directory} is already open in this process`);
    }
    openDirectories.add(this.directory);
    try {
      await mkdir(this.directory, { recursive: true });
      await this.lock();
      const summary: OpenSummary = { segments: 0, records: 0, corrupt: 0 };
      const names = (await readdir(this.directory)).filter((n) => SEGMENT_NAME.test(n)).sort();
      for (const name of names) {
        const path = join(this.directory, name);
        const data = await readFile(path);
        const decoded = decodeSegment(data);
        if (decoded.corrupt > 0) this.options.onCorrupt?.(decoded.corrupt, name);
        summary.corrupt += decoded.corrupt;
        const seq = Number(SEGMENT_NAME.exec(name)![1]);
        this.nextSeq = Math.max(this.nextSeq, seq + 1);
        if (decoded.messages.length === 0) {
          // A segment created just before a crash, or one whose only line was torn.
          await unlink(path);
          continue;
        }
        this.segments.push({
          seq,
          path,
          bytes: data.length,
          records: decoded.messages.length,
          acked: 0,
          corrupt: decoded.corrupt,
          sealed: true,
        });
        this.totalBytes += data.length;
        summary.segments++;
        summary.records += decoded.messages.length;
      }
      this.opened = true;
      return summary;
    } catch (error) {
      openDirectories.delete(this.directory);
      throw error;
    }
  }

  /** Bytes of all segment files, including records already drained from a segment not yet deleted. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Records on disk the bus has not acknowledged. */
  get pendingRecords(): number {
    return this.segments.reduce((sum, s) => sum + Math.max(0, s.records - s.acked), 0);
  }

  /**
   * True when nothing is spooled and no append is under way: the moment the publisher may go
   * back to publishing live without overtaking a spooled message. Synchronous on purpose.
   */
  isEmpty(): boolean {
    return this.inflightAppends === 0 && this.pendingRecords === 0;
  }

  /**
   * Appends encoded lines and fsyncs them. Resolves once they are durable; rejects with
   * `spool_write_failed` if writing or syncing failed, in which case none of them count.
   * Marks the append as under way synchronously, so `isEmpty()` sees it at once.
   */
  append(lines: Buffer[]): Promise<void> {
    if (!this.opened) return Promise.reject(new SpoolError('spool_closed', 'spool is not open'));
    this.inflightAppends++;
    return this.serially(async () => {
      try {
        await this.appendLocked(lines);
      } finally {
        this.inflightAppends--;
      }
    });
  }

  /** Seals the active segment so the drainer can read it; appends continue in a new one. */
  seal(): Promise<void> {
    return this.serially(() => this.sealLocked());
  }

  /** Every sealed segment, oldest first (a reader that needs the whole history, not just the next one). */
  sealedSegments(): SpoolSegment[] {
    return this.segments.filter((s) => s.sealed);
  }

  /** The oldest sealed segment, which is the next to drain (segments are kept in write order). */
  oldestSealed(): SpoolSegment | undefined {
    const first = this.segments[0];
    return first?.sealed ? first : undefined;
  }

  async read(segment: SpoolSegment): Promise<{ messages: BusMessage[]; corrupt: number }> {
    const decoded = decodeSegment(await readFile(segment.path));
    if (decoded.corrupt > segment.corrupt) {
      this.options.onCorrupt?.(decoded.corrupt - segment.corrupt, segment.path);
      segment.corrupt = decoded.corrupt;
    }
    // What the file holds now is what can be drained; a line damaged since it was written
    // must not keep the segment alive forever.
    segment.records = decoded.messages.length;
    return { messages: decoded.messages, corrupt: decoded.corrupt };
  }

  ack(segment: SpoolSegment, records: number): void {
    segment.acked = Math.min(segment.records, segment.acked + records);
  }

  /** Deletes a fully acknowledged segment. */
  async remove(segment: SpoolSegment): Promise<void> {
    if (!segment.sealed) throw new Error('cannot remove the active segment');
    await unlink(segment.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    const index = this.segments.indexOf(segment);
    if (index >= 0) {
      this.segments.splice(index, 1);
      this.totalBytes -= segment.bytes;
    }
  }

  /** Closes the active segment and releases the lock. Segments stay on disk for the next run. */
  async close(): Promise<void> {
    if (!this.opened) return;
    await this.serially(() => this.sealLocked());
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    this.opened = false;
    await rm(join(this.directory, LOCK_FILE), { force: true });
    openDirectories.delete(this.directory);
  }

  private async appendLocked(lines: Buffer[]): Promise<void> {
    if (!this.opened) throw new SpoolError('spool_closed', 'spool is closed');
    const data = Buffer.concat(lines);
    const current = this.active?.segment;
    if (current && current.bytes > 0 && current.bytes + data.length > this.options.maxSegmentBytes) {
      await this.sealLocked();
    }
    let active;
    try {
      active = this.active ?? (await this.createSegment());
    } catch (error) {
      throw new SpoolError('spool_write_failed', `cannot create a spool segment: ${messageOf(error)}`, undefined, { cause: error });
    }
    const { segment, handle } = active;
    try {
      // Positional writes: after a failed partial write, nothing past `segment.bytes` counts.
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written, segment.bytes + written);
        written += bytesWritten;
      }
      if (this.options.syncIntervalMs) this.scheduleSync();
      else await this.datasync(handle);
    } catch (error) {
      // The tail is in an unknown state (after a failed fsync the page cache cannot be
      // trusted): cut it off, and never write to this segment again.
      await handle.truncate(segment.bytes).catch(() => undefined);
      await this.sealLocked();
      throw new SpoolError('spool_write_failed', `spool write failed: ${messageOf(error)}`, undefined, { cause: error });
    }
    segment.bytes += data.length;
    segment.records += lines.length;
    this.totalBytes += data.length;
  }

  private async createSegment(): Promise<{ segment: SpoolSegment; handle: FileHandle }> {
    const seq = this.nextSeq++;
    const path = join(this.directory, `seg-${String(seq).padStart(12, '0')}.ndjson`);
    const handle = await open(path, 'wx');
    try {
      // The new file's directory entry must survive a crash too, or its fsynced data is orphaned.
      await syncDirectory(this.directory);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw error;
    }
    const segment: SpoolSegment = { seq, path, bytes: 0, records: 0, acked: 0, corrupt: 0, sealed: false };
    this.segments.push(segment);
    this.active = { segment, handle };
    return this.active;
  }

  private async sealLocked(): Promise<void> {
    const active = this.active;
    if (!active) return;
    // No background sync starts on this handle from here; one under way finishes before it closes.
    this.active = undefined;
    await this.syncing;
    await this.syncUnsynced(active.handle);
    active.segment.sealed = true;
    await active.handle.close().catch(() => undefined);
    if (active.segment.records === 0) {
      // Nothing durable in it (a fresh segment, or one whose only write failed).
      await unlink(active.segment.path).catch(() => undefined);
      this.segments.splice(this.segments.indexOf(active.segment), 1);
    }
  }

  private async datasync(handle: FileHandle): Promise<void> {
    const started = process.hrtime.bigint();
    await handle.datasync();
    this.options.onFsync?.(Number(process.hrtime.bigint() - started) / 1e9);
  }

  private scheduleSync(): void {
    this.unsynced = true;
    if (this.syncTimer || this.syncing) return; // a running sync schedules the next when it ends
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.backgroundSync();
    }, this.options.syncIntervalMs);
  }

  /**
   * Fsyncs the active segment beside the appends rather than in their queue: an append waits
   * for its own write, never for a sync (an fdatasync took 2-5 ms here while appends queued
   * behind it). Data written while it runs is left to the next sync; sealing waits for a
   * running sync before its own final one, so the handle is never closed under it.
   */
  private backgroundSync(): void {
    const active = this.active;
    if (!active) return;
    this.syncing = this.syncUnsynced(active.handle).finally(() => {
      this.syncing = undefined;
      if (this.unsynced && this.active) this.scheduleSync();
    });
  }

  /** Fsyncs what was written since the last sync; a failure is reported, not thrown (its appends were answered). */
  private async syncUnsynced(handle: FileHandle): Promise<void> {
    if (!this.unsynced) return;
    this.unsynced = false;
    try {
      await this.datasync(handle);
    } catch (error) {
      this.options.onSyncError?.(error);
    }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * One spool per directory across processes too (two replicas on one volume would delete each
   * other's segments). The lock holds our pid; a lock left by a dead process is taken over.
   */
  private async lock(): Promise<void> {
    const path = join(this.directory, LOCK_FILE);
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new Error(`spool directory ${this.directory} is locked by process ${holder}`);
    }
    await writeFile(path, String(process.pid));
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

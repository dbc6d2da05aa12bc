import type { DataSource } from 'typeorm';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import type { EventsQuery } from '../query/events-query';
import { hashBefore, lastPrune } from '../store/chain-anchor';
import { EventReader } from '../store/event-reader';
import { eventLine, type CheckpointLine, type SegmentLine } from './export-format';

/**
 * Streams the export of one tenant's events that occurred in [from, to). Memory stays flat:
 * rows are read in chunks as the client consumes the stream.
 */
export class ExportStream {
  private readonly reader: EventReader;

  constructor(
    private readonly db: DataSource,
    private readonly events: EventsQuery,
    private readonly checkpoints: CheckpointStore,
  ) {
    this.reader = new EventReader(db);
  }

  async *lines(tenantId: string, from?: string, to?: string): AsyncGenerator<string> {
    const window = await this.events.seqWindow(tenantId, from, to);
    const segment: SegmentLine = {
      kind: 'segment',
      version: 1,
      tenantId,
      from: from ?? null,
      to: to ?? null,
      fromSeq: window?.fromSeq ?? null,
      toSeq: window?.toSeq ?? null,
      exportedAt: new Date().toISOString(),
    };
    yield `${JSON.stringify(segment)}\n`;
    if (!window) return;
    for (const checkpoint of await this.checkpoints.inRange(tenantId, window.fromSeq, window.toSeq)) {
      const line: CheckpointLine = { kind: 'checkpoint', ...checkpoint };
      yield `${JSON.stringify(line)}\n`;
    }
    // An anchor that cannot be found (its row is gone) is written as zeros: the file then
    // fails offline verification at its first event, as the store does online.
    let prevHash = (await hashBefore(this.reader, tenantId, window.fromSeq, await lastPrune(this.db, tenantId))) ?? Buffer.alloc(32);
    for await (const chunk of this.reader.links(tenantId, window.fromSeq, window.toSeq, { withStoredAt: true })) {
      let text = '';
      for (const link of chunk) {
        text += eventLine({ ...link, prevHash });
        prevHash = link.hash;
      }
      yield text;
    }
  }
}

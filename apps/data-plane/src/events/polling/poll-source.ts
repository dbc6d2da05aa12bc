import type { ActionResult } from '@causeway/connectors';

/** One changed record as a poll sees it: its id, its modification time, and the payload. */
export interface ChangedRecord {
  id: string;
  modifiedAt: Date;
  subject: string;
  data: Record<string, unknown>;
}

export type PollPage = { ok: true; records: ChangedRecord[]; nextCursor?: string } | { ok: false; result: ActionResult };

/** How one kind of trigger asks its provider for changes and reads the answer. */
export interface PollSource {
  /** The catalog action a poll runs (a read, paced as the provider declares). */
  action: string;
  /** The action's input for one page of changes since `cursor`. */
  input(cursor: Date, params: Record<string, unknown>, pageCursor?: string): Record<string, unknown>;
  page(result: ActionResult): PollPage;
  /** The CloudEvent type of a change. */
  eventType(params: Record<string, unknown>): string;
}

/** A vendor's `2026-12-07T05:37:12.345+0000` as a Date (the offset without a colon is not ISO 8601). */
export function vendorTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

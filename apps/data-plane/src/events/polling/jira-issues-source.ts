import type { ActionResult } from '@causeway/connectors';

/** One changed record as a poll sees it: its id, its modification time, and the payload. */
export interface ChangedRecord {
  id: string;
  modifiedAt: Date;
  subject: string;
  data: Record<string, unknown>;
}

export type PollPage = { ok: true; records: ChangedRecord[]; nextCursor?: string } | { ok: false; result: ActionResult };

/**
 * JQL dates have minute granularity (and are read in the user's time zone): a query from the
 * cursor's minute would miss an issue updated later in that same minute after the last poll, so
 * the query starts one whole minute before the cursor's minute. What this re-reads is dropped
 * by the store's `<issue id>:<updated>` deduplication.
 */
const OVERLAP_MS = 60_000;

/** The JQL of one poll: the trigger's own restriction, changes since the cursor, oldest first. */
export function jiraPollJql(cursor: Date, restriction?: string): string {
  const from = new Date(Math.floor((cursor.getTime() - OVERLAP_MS) / 60_000) * 60_000);
  const since = `updated >= "${from.toISOString().slice(0, 16).replace('T', ' ')}"`;
  const own = restriction?.trim();
  return `${own ? `${own} AND ` : ''}${since} ORDER BY updated ASC`;
}

/** The `jira.search_issues` input of one page of a poll. */
export function jiraPollInput(cursor: Date, restriction: string | undefined, pageCursor?: string): Record<string, unknown> {
  return {
    jql: jiraPollJql(cursor, restriction),
    fields: ['summary', 'status', 'updated', 'issuetype', 'assignee'],
    maxResults: 50,
    ...(pageCursor ? { cursor: pageCursor } : {}),
  };
}

type JiraIssue = { id?: unknown; key?: unknown; fields?: { updated?: unknown } };

/** Jira's `2026-12-07T05:37:12.345+0000` as a Date (the offset without a colon is not ISO 8601). */
export function jiraTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The changed issues of one `jira.search_issues` answer. Issues without an id or a readable `updated` are skipped. */
export function jiraPage(result: ActionResult): PollPage {
  if (!result.ok) return { ok: false, result };
  const issues = ((result.data as { issues?: unknown }).issues ?? []) as JiraIssue[];
  const records: ChangedRecord[] = [];
  for (const issue of Array.isArray(issues) ? issues : []) {
    const modifiedAt = jiraTime(issue.fields?.updated);
    if (typeof issue.id !== 'string' || !modifiedAt) continue;
    records.push({ id: issue.id, modifiedAt, subject: typeof issue.key === 'string' ? issue.key : issue.id, data: issue as Record<string, unknown> });
  }
  return { ok: true, records, nextCursor: result.nextCursor };
}

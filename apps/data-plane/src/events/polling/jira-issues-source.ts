import type { ActionResult } from '@causeway/connectors';
import { vendorTime, type ChangedRecord, type PollPage, type PollSource } from './poll-source';

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

type JiraIssue = { id?: unknown; key?: unknown; fields?: { updated?: unknown } };

/** Jira issues by `updated`, through `jira.search_issues`. Params: `{ jql?: string }`. */
export const jiraIssuesSource: PollSource = {
  action: 'jira.search_issues',
  input(cursor, params, pageCursor) {
    const restriction = typeof params['jql'] === 'string' ? params['jql'] : undefined;
    return {
      jql: jiraPollJql(cursor, restriction),
      fields: ['summary', 'status', 'updated', 'issuetype', 'assignee'],
      maxResults: 50,
      ...(pageCursor ? { cursor: pageCursor } : {}),
    };
  },
  page(result: ActionResult): PollPage {
    if (!result.ok) return { ok: false, result };
    const issues = ((result.data as { issues?: unknown }).issues ?? []) as JiraIssue[];
    const records: ChangedRecord[] = [];
    for (const issue of Array.isArray(issues) ? issues : []) {
      const modifiedAt = vendorTime(issue.fields?.updated);
      if (typeof issue.id !== 'string' || !modifiedAt) continue;
      records.push({ id: issue.id, modifiedAt, subject: typeof issue.key === 'string' ? issue.key : issue.id, data: issue as Record<string, unknown> });
    }
    return { ok: true, records, nextCursor: result.nextCursor };
  },
  eventType: () => 'com.atlassian.jira.issue_updated',
};

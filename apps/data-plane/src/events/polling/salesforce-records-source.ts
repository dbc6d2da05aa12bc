import type { ActionResult } from '@causeway/connectors';
import { vendorTime, type ChangedRecord, type PollPage, type PollSource } from './poll-source';

/**
 * The SOQL of one poll. `>=`, not `>`: SystemModstamp is kept to the second in some orgs, so a
 * record changed later in the cursor's second must still be found; the store's
 * `<record id>:<SystemModstamp>` deduplication drops the one already emitted. Ordered by
 * SystemModstamp then Id, so pages are stable among equal timestamps.
 */
export function salesforcePollSoql(cursor: Date, object: string, fields: readonly string[]): string {
  const selected = ['Id', 'SystemModstamp', ...fields.filter((f) => f !== 'Id' && f !== 'SystemModstamp')];
  return `SELECT ${selected.join(', ')} FROM ${object} WHERE SystemModstamp >= ${cursor.toISOString()} ORDER BY SystemModstamp, Id`;
}

/** Salesforce records of one object by `SystemModstamp`, through `salesforce.query`. Params: `{ object, fields? }`. */
export const salesforceRecordsSource: PollSource = {
  action: 'salesforce.query',
  input(cursor, params, pageCursor) {
    const fields = Array.isArray(params['fields']) ? (params['fields'] as string[]) : [];
    return { soql: salesforcePollSoql(cursor, String(params['object']), fields), ...(pageCursor ? { cursor: pageCursor } : {}) };
  },
  page(result: ActionResult): PollPage {
    if (!result.ok) return { ok: false, result };
    const rows = (result.data as { records?: unknown }).records;
    const records: ChangedRecord[] = [];
    for (const row of Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : []) {
      const modifiedAt = vendorTime(row['SystemModstamp']);
      if (typeof row['Id'] !== 'string' || !modifiedAt) continue;
      const type = (row['attributes'] as { type?: unknown } | undefined)?.type;
      records.push({ id: row['Id'], modifiedAt, subject: `${typeof type === 'string' ? type : 'record'}/${row['Id']}`, data: row });
    }
    return { ok: true, records, nextCursor: result.nextCursor };
  },
  eventType: (params) => `com.salesforce.${String(params['object']).toLowerCase()}.changed`,
};

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomId } from '../common/random';
import type { SalesforceRecord } from './salesforce-org';
import { fail, renderRecord, versionOf, type SalesforceRoutes } from './salesforce-routes';
import { parseSoql, SoqlError, type SoqlCondition, type SoqlQuery } from './soql';

/** SOQL: `query`, `queryAll` (deleted rows too) and the next batches by query locator. */
export function registerQueryRoutes(api: FastifyInstance, { org, defaultBatch }: SalesforceRoutes): void {
  const locators = new Map<string, { rows: Array<Record<string, unknown>>; version: string }>();

  const runQuery = (includeDeleted: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const soql = (request.query as Record<string, string | undefined>)['q'];
    if (!soql) return fail(reply, 400, { errorCode: 'MALFORMED_QUERY', message: 'A query string has to be specified' });
    let rows: Array<Record<string, unknown>>;
    try {
      rows = executeSoql(parseSoql(soql), includeDeleted, versionOf(request));
    } catch (error) {
      if (error instanceof SoqlError) return fail(reply, 400, { errorCode: error.errorCode, message: error.message });
      throw error;
    }
    const match = /batchSize=(\d+)/.exec(String(request.headers['sforce-query-options'] ?? ''));
    const batch = Math.min(2000, Math.max(1, match ? Number(match[1]) : defaultBatch));
    return reply.send(queryPage(rows, 0, batch, versionOf(request), undefined));
  };
  api.get('/query', runQuery(false));
  api.get('/queryAll', runQuery(true));

  api.get('/query/:locator', async (request, reply) => {
    const [id, offset] = (request.params as { locator: string }).locator.split('-');
    const stored = locators.get(String(id));
    if (!stored || offset === undefined || !/^\d+$/.test(offset))
      return fail(reply, 400, { errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' });
    const match = /batchSize=(\d+)/.exec(String(request.headers['sforce-query-options'] ?? ''));
    const batch = Math.min(2000, Math.max(1, match ? Number(match[1]) : defaultBatch));
    return reply.send(queryPage(stored.rows, Number(offset), batch, stored.version, String(id)));
  });

  function executeSoql(query: SoqlQuery, includeDeleted: boolean, version: string): Array<Record<string, unknown>> {
    const spec = org.queryable(query.object);
    if (!spec) {
      throw new SoqlError(
        'INVALID_TYPE',
        `\n${query.fields.join(', ')} FROM ${query.object}\n ^\nERROR at Row:1:Column:${query.fields.join(', ').length + 8}\nsObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const resolve = (name: string) => {
      const field = org.field(spec, name);
      if (!field) {
        throw new SoqlError(
          'INVALID_FIELD',
          `\nSELECT ${query.fields.join(',')} FROM ${spec.name}\n ^\nERROR at Row:1:Column:8\nNo such column '${name}' on entity '${spec.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      return field.name;
    };
    const fields = query.fields.map(resolve);
    const where = query.where.map((condition) => ({ ...condition, field: resolve(condition.field) }));
    const order = query.orderBy ? [query.orderBy, ...query.thenBy].map((o) => ({ field: resolve(o.field), sign: o.direction === 'DESC' ? -1 : 1 })) : [];

    let rows = [...org.records.values()]
      .filter((entry) => entry.type === spec.name && (includeDeleted || !entry.record['IsDeleted']))
      .map((entry) => entry.record)
      .filter((record) => where.every((condition) => conditionHolds(condition, record)));
    if (order.length > 0) {
      rows = rows.sort((a, b) => {
        for (const { field, sign } of order) {
          const c = compare(a[field], b[field]) * sign;
          if (c !== 0) return c;
        }
        return 0;
      });
    }
    if (query.limit !== undefined) rows = rows.slice(0, query.limit);
    return rows.map((record) => renderRecord(spec, record, fields, version));
  }

  function queryPage(rows: Array<Record<string, unknown>>, offset: number, batch: number, version: string, locatorId: string | undefined) {
    const page = rows.slice(offset, offset + batch);
    const delivered = offset + page.length;
    const done = delivered >= rows.length;
    const body: Record<string, unknown> = { totalSize: rows.length, done, records: page };
    if (!done) {
      const id = locatorId ?? `01g${randomId('', 12)}`;
      locators.set(id, { rows, version });
      body['nextRecordsUrl'] = `/services/data/${version}/query/${id}-${delivered}`;
    }
    return body;
  }
}

function conditionHolds(condition: SoqlCondition, record: SalesforceRecord): boolean {
  const actual = record[condition.field] ?? null;
  switch (condition.operator) {
    case '=':
      return equalsLoosely(actual, condition.value);
    case '!=':
      return !equalsLoosely(actual, condition.value);
    case 'LIKE': {
      const pattern = String(condition.value)
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
      return new RegExp(`^${pattern}$`, 'i').test(String(actual ?? ''));
    }
    default: {
      const order = compare(actual, condition.value);
      return condition.operator === '<' ? order < 0 : condition.operator === '>' ? order > 0 : condition.operator === '<=' ? order <= 0 : order >= 0;
    }
  }
}

/** SOQL string comparison is case-insensitive. */
function equalsLoosely(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

function compare(left: unknown, right: unknown): number {
  if (left === right) return 0;
  if (left === null || left === undefined) return -1;
  if (right === null || right === undefined) return 1;
  return String(left).localeCompare(String(right), undefined, { numeric: true });
}

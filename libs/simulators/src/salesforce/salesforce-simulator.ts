/*
 * Salesforce REST API simulator. Reproduces, per /work/shared/vendors/salesforce.md and the
 * sources it cites (developer.salesforce.com REST guide, help.salesforce.com OAuth pages,
 * jsforce and restforce fixtures):
 * - OAuth web-server flow (salesforce-oauth.ts): /services/oauth2/authorize (PKCE S256 optional) redirects with a code;
 *   POST /services/oauth2/token (form) answers access_token, refresh_token (with the
 *   refresh_token/offline_access scope), signature (base64 HMAC-SHA256 of id+issued_at with the
 *   client secret), scope, instance_url (this simulator), id, token_type, issued_at (epoch ms as a
 *   string) and NO expires_in. Refresh answers without a new refresh_token unless rotation is on.
 *   OAuth errors are objects { error, error_description } with HTTP 400. POST /services/oauth2/revoke
 *   (token=…) answers 200; revoking a refresh token revokes its access tokens.
 * - Sessions expire after the org's timeout (configurable, default 2 h): 401
 *   [{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}].
 * - Every REST response under /services/data/vXX.X carries `Sforce-Limit-Info: api-usage=N/LIMIT`;
 *   past the daily allocation: 403 [{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests
 *   Limit exceeded."}]. Rolling 24 h simplified to 24 h from the first call; the concurrent
 *   long-request limit is reproducible only through injected faults (variant "concurrent").
 * - Errors are JSON arrays of { message, errorCode, fields? } (NOT_FOUND 404, MALFORMED_QUERY,
 *   INVALID_FIELD, INVALID_TYPE, REQUIRED_FIELD_MISSING, INVALID_EMAIL_ADDRESS,
 *   INVALID_FIELD_FOR_INSERT_UPDATE 400, ENTITY_IS_DELETED 404 (status *unverified*)).
 * - Query: GET /query?q= (small SOQL subset) answers { totalSize, done, nextRecordsUrl?, records };
 *   totalSize is the whole query's and constant; batches follow `Sforce-Query-Options: batchSize`
 *   (real minimum 200, here any positive size so tests stay small); nextRecordsUrl is a relative
 *   `/services/data/vXX.X/query/01g…-N` followed verbatim with GET; the last batch has done:true
 *   and no nextRecordsUrl. /queryAll also returns deleted records. Records carry attributes {type,url}
 *   echoing the request's API version.
 * - sObjects: 18-character IDs with the case-safety checksum (15-character IDs accepted), key
 *   prefixes (001 Account, 003 Contact, 006 Opportunity); create 201 {id,success,errors:[]}; update
 *   and delete 204 with no body; describe; GET /limits.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { randomId } from '../common/random';
import { baseControl, bodyObject, createSimulatorApp, listen, routeKey, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { registerSalesforceOAuth } from './salesforce-oauth';
import { SalesforceOrg, USER_ID, type ObjectSpec, type SalesforceRecord } from './salesforce-org';
import { parseSoql, SoqlError, type SoqlCondition, type SoqlQuery } from './soql';

export interface SalesforceSimulatorOptions {
  clock?: Clock;
  port?: number;
  client?: SimulatedClient;
  /** Org session timeout; Salesforce never states it in the token answer. Default 7200 s. */
  sessionTimeoutSeconds?: number;
  refreshTokenRotation?: boolean;
  /** API requests per 24 h (Developer Edition: 15,000). */
  dailyApiLimit?: number;
  /** Default query batch size (Salesforce: 2000). */
  queryBatchSize?: number;
  seed?: boolean;
}

export interface SalesforceSimulatorControl extends SimulatorControl {
  readonly org: SalesforceOrg;
  issueToken(options?: { scopes?: string[] }): { accessToken: string; refreshToken?: string };
  apiUsage(): { used: number; limit: number };
  setApiUsage(used: number): void;
}

type ErrorEntry = { message: string; errorCode: string; fields?: string[] };

export async function startSalesforceSimulator(options: SalesforceSimulatorOptions = {}): Promise<RunningSimulator<SalesforceSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const sessionTimeout = options.sessionTimeoutSeconds ?? 7200;
  const dailyLimit = options.dailyApiLimit ?? 15_000;
  const defaultBatch = options.queryBatchSize ?? 2000;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const org = new SalesforceOrg(() => clock.now(), options.seed ?? true);
  const usage = { windowStart: -1, used: 0 };
  const locators = new Map<string, { rows: Array<Record<string, unknown>>; version: string }>();
  let baseUrl = '';

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) =>
      reply.code(403).send([
        fault.variant === 'concurrent'
          ? { message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }
          : { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]),
    serverError: (reply, status) =>
      reply.code(status).send([
        status === 503
          ? { message: 'Server is temporarily unavailable.', errorCode: 'SERVER_UNAVAILABLE' }
          : { message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)', errorCode: 'UNKNOWN_EXCEPTION' },
      ]),
  });

  const oauth = registerSalesforceOAuth(app, { clock, tokens: parts.tokens, client, sessionTimeoutSeconds: sessionTimeout, rotation: options.refreshTokenRotation ?? false, baseUrl: () => baseUrl });

  app.get('/services/data/', async () => [
    { version: '62.0', url: '/services/data/v62.0', label: "Winter '25" },
    { version: '63.0', url: '/services/data/v63.0', label: "Spring '25" },
  ]);

  app.register(async (api) => registerRestApi(api), { prefix: '/services/data/:version' });

  function registerRestApi(api: FastifyInstance): void {
    api.addHook('preHandler', async (request, reply) => {
      const version = (request.params as { version: string }).version;
      if (!/^v\d+\.\d$/.test(version)) return reply.code(404).send([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      const checked = parts.tokens.check(bearerToken(request.headers.authorization));
      if (checked.status !== 'valid' || checked.record?.kind !== 'access') {
        return reply.code(401).send([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      }
      const now = clock.now();
      if (usage.windowStart < 0 || now - usage.windowStart >= 86_400_000) Object.assign(usage, { windowStart: now, used: 0 });
      if (usage.used >= dailyLimit) {
        reply.header('sforce-limit-info', `api-usage=${usage.used}/${dailyLimit}`);
        return reply.code(403).send([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      }
      usage.used += 1;
      reply.header('sforce-limit-info', `api-usage=${usage.used}/${dailyLimit}`);
      return undefined;
    });

    const fail = (reply: FastifyReply, status: number, ...entries: ErrorEntry[]) => reply.code(status).send(entries);
    const notFound = (reply: FastifyReply) => fail(reply, 404, { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
    const versionOf = (request: FastifyRequest) => (request.params as { version: string }).version;
    const objectOf = (request: FastifyRequest) => org.object((request.params as { type: string }).type);

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
      if (!stored || offset === undefined || !/^\d+$/.test(offset)) return fail(reply, 400, { errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' });
      const match = /batchSize=(\d+)/.exec(String(request.headers['sforce-query-options'] ?? ''));
      const batch = Math.min(2000, Math.max(1, match ? Number(match[1]) : defaultBatch));
      return reply.send(queryPage(stored.rows, Number(offset), batch, stored.version, String(id)));
    });

    api.get('/sobjects/:type/describe', async (request, reply) => {
      const spec = objectOf(request);
      if (!spec) return notFound(reply);
      const version = versionOf(request);
      return {
        name: spec.name,
        label: spec.label,
        labelPlural: spec.labelPlural,
        keyPrefix: spec.keyPrefix,
        custom: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        fields: spec.fields.map((field) => ({
          name: field.name,
          type: field.type,
          label: field.label,
          length: field.length ?? 0,
          nillable: !field.required,
          createable: !field.readOnly,
          updateable: !field.readOnly,
          defaultValue: null,
          referenceTo: field.referenceTo ? [field.referenceTo] : [],
        })),
        urls: {
          sobject: `/services/data/${version}/sobjects/${spec.name}`,
          describe: `/services/data/${version}/sobjects/${spec.name}/describe`,
          rowTemplate: `/services/data/${version}/sobjects/${spec.name}/{ID}`,
        },
        childRelationships: [],
      };
    });

    const create = async (request: FastifyRequest, reply: FastifyReply) => {
      const spec = objectOf(request);
      if (!spec) return notFound(reply);
      const body = bodyObject(request.body);
      if (Object.keys(body).some((key) => key.toLowerCase() === 'id')) {
        return fail(reply, 400, { errorCode: 'INVALID_FIELD', message: 'The Id field should not be specified in the sobject data.', fields: [] });
      }
      const checked = validateFields(spec, body, 'create');
      if ('error' in checked) return fail(reply, 400, checked.error);
      const record = org.insert(spec, checked.values);
      // One key for both trailing-slash forms of the route.
      parts.writes.record(routeKey(request).replace(/\/$/, ''));
      return reply.code(201).send({ id: record.Id, success: true, errors: [] });
    };
    api.post('/sobjects/:type', create);
    api.post('/sobjects/:type/', create);

    api.get('/sobjects/:type/:id', async (request, reply) => {
      const spec = objectOf(request);
      const record = spec && org.find(spec, (request.params as { id: string }).id);
      if (!spec || !record || record['IsDeleted']) return notFound(reply);
      const requested = (request.query as Record<string, string | undefined>)['fields'];
      let names = spec.fields.map((field) => field.name);
      if (requested) {
        names = [];
        for (const name of requested.split(',').map((entry) => entry.trim())) {
          const field = org.field(spec, name);
          if (!field) return fail(reply, 400, { errorCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${spec.name}` });
          names.push(field.name);
        }
        if (!names.includes('Id')) names.push('Id');
      }
      return renderRecord(spec, record, names, versionOf(request));
    });

    api.patch('/sobjects/:type/:id', async (request, reply) => {
      const spec = objectOf(request);
      const record = spec && org.find(spec, (request.params as { id: string }).id);
      if (!spec || !record) return notFound(reply);
      if (record['IsDeleted']) return fail(reply, 404, { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
      const checked = validateFields(spec, bodyObject(request.body), 'update');
      if ('error' in checked) return fail(reply, 400, checked.error);
      Object.assign(record, checked.values);
      org.touch(record);
      parts.writes.record(routeKey(request));
      return reply.code(204).send();
    });

    api.delete('/sobjects/:type/:id', async (request, reply) => {
      const spec = objectOf(request);
      const record = spec && org.find(spec, (request.params as { id: string }).id);
      if (!spec || !record) return notFound(reply);
      if (record['IsDeleted']) return fail(reply, 404, { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
      record['IsDeleted'] = true;
      org.touch(record);
      parts.writes.record(routeKey(request));
      return reply.code(204).send();
    });

    api.get('/limits', async () => ({
      DailyApiRequests: { Max: dailyLimit, Remaining: Math.max(0, dailyLimit - usage.used) },
      DataStorageMB: { Max: 5, Remaining: 5 },
    }));
  }

  function validateFields(spec: ObjectSpec, body: Record<string, unknown>, mode: 'create' | 'update'): { values: Record<string, unknown> } | { error: ErrorEntry } {
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body)) {
      const field = org.field(spec, name);
      if (!field) return { error: { errorCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${spec.name}`, fields: [] } };
      if (field.readOnly) {
        return {
          error: {
            errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            message: `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
            fields: [field.name],
          },
        };
      }
      if (field.type === 'email' && value !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(value))) {
        return { error: { errorCode: 'INVALID_EMAIL_ADDRESS', message: `${field.label}: invalid email address: ${String(value)}`, fields: [field.name] } };
      }
      values[field.name] = value;
    }
    const missing = spec.fields.filter((field) => field.required && (mode === 'create' ? values[field.name] === undefined || values[field.name] === null : values[field.name] === null && field.name in values));
    if (missing.length > 0) {
      return { error: { errorCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.map((field) => field.name).join(', ')}]`, fields: missing.map((field) => field.name) } };
    }
    return { values };
  }

  function executeSoql(query: SoqlQuery, includeDeleted: boolean, version: string): Array<Record<string, unknown>> {
    const spec = org.queryable(query.object);
    if (!spec) {
      throw new SoqlError('INVALID_TYPE', `\n${query.fields.join(', ')} FROM ${query.object}\n ^\nERROR at Row:1:Column:${query.fields.join(', ').length + 8}\nsObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    const resolve = (name: string) => {
      const field = org.field(spec, name);
      if (!field) {
        throw new SoqlError('INVALID_FIELD', `\nSELECT ${query.fields.join(',')} FROM ${spec.name}\n ^\nERROR at Row:1:Column:8\nNo such column '${name}' on entity '${spec.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      return field.name;
    };
    const fields = query.fields.map(resolve);
    const where = query.where.map((condition) => ({ ...condition, field: resolve(condition.field) }));
    const orderField = query.orderBy ? resolve(query.orderBy.field) : undefined;

    let rows = [...org.records.values()]
      .filter((entry) => entry.type === spec.name && (includeDeleted || !entry.record['IsDeleted']))
      .map((entry) => entry.record)
      .filter((record) => where.every((condition) => conditionHolds(condition, record)));
    if (orderField) {
      const direction = query.orderBy?.direction === 'DESC' ? -1 : 1;
      rows = rows.sort((a, b) => compare(a[orderField], b[orderField]) * direction);
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

  function renderRecord(spec: ObjectSpec, record: SalesforceRecord, names: string[], version: string): Record<string, unknown> {
    const rendered: Record<string, unknown> = { attributes: { type: spec.name, url: `/services/data/${version}/sobjects/${spec.name}/${record.Id}` } };
    for (const name of names) rendered[name] = record[name] ?? null;
    return rendered;
  }

  const server = await listen(app, options.port);
  baseUrl = server.url;
  const control: SalesforceSimulatorControl = {
    ...baseControl(parts),
    org,
    issueToken: ({ scopes = ['api', 'refresh_token'] } = {}) => {
      const refresh = scopes.includes('refresh_token') ? parts.tokens.issue({ kind: 'refresh', prefix: '5Aep861', clientId: client.clientId, subject: USER_ID, scopes }) : undefined;
      const access = oauth.issueAccess(scopes, refresh);
      return { accessToken: access.token, refreshToken: refresh?.token };
    },
    apiUsage: () => ({ used: usage.used, limit: dailyLimit }),
    setApiUsage: (used) => {
      if (usage.windowStart < 0) usage.windowStart = clock.now();
      usage.used = used;
    },
  };
  return { url: server.url, stop: server.stop, control };
}

function conditionHolds(condition: SoqlCondition, record: SalesforceRecord): boolean {
  const actual = record[condition.field] ?? null;
  switch (condition.operator) {
    case '=':
      return equalsLoosely(actual, condition.value);
    case '!=':
      return !equalsLoosely(actual, condition.value);
    case 'LIKE': {
      const pattern = String(condition.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
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

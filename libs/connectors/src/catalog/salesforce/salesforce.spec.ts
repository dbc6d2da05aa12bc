import { ManualClock, startSalesforceSimulator, type RunningSimulator, type SalesforceSimulatorControl } from '@causeway/simulators';
import { encodeCursor } from '../../engine/pagination-cursor';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type QueryPage = { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };

describe('Salesforce connector against the Salesforce simulator', () => {
  let sim: RunningSimulator<SalesforceSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: unknown, overrides: { connection?: ConnectionContext } = {}) =>
    engineWithClock(clock).executeAction({ action, input, credential, connection: overrides.connection ?? connection });
  const accountId = (name: string) =>
    [...sim.control.org.records.values()].find((entry) => entry.type === 'Account' && entry.record['Name'] === name)?.record.Id as string;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSalesforceSimulator({ clock, queryBatchSize: 2, sessionTimeoutSeconds: 900, dailyApiLimit: 1000 });
    credential = { authMode: 'oauth2', kind: 'token', token: sim.control.issueToken().accessToken };
    connection = { params: { instanceUrl: sim.url } };
  });
  afterEach(() => sim.stop());

  it('follows nextRecordsUrl until done, with totalSize constant across batches', async () => {
    const names: unknown[] = [];
    let cursor: string | undefined;
    let batches = 0;
    do {
      const page = expectOk<QueryPage>(await run('salesforce.query', { soql: 'SELECT Id, Name FROM Account ORDER BY Name', ...(cursor ? { cursor } : {}) }));
      expect(page.data.totalSize).toBe(5);
      names.push(...page.data.records.map((record) => record['Name']));
      cursor = page.nextCursor;
      expect(page.data.done).toBe(cursor === undefined);
      batches += 1;
    } while (cursor);
    expect(batches).toBe(3);
    expect(names).toEqual(['Acme Corp', 'Globex', 'Initech', 'Stark Industries', 'Umbrella']);
  });

  it('filters with WHERE and returns records with attributes', async () => {
    const { data } = expectOk<QueryPage>(
      await run('salesforce.query', { soql: "SELECT Id, Name FROM Account WHERE Industry = 'Energy' ORDER BY Name LIMIT 10" }),
    );
    expect(data.records).toEqual([
      expect.objectContaining({
        Name: 'Globex',
        attributes: expect.objectContaining({ type: 'Account', url: expect.stringContaining('/services/data/v63.0/sobjects/Account/') }),
      }),
      expect.objectContaining({ Name: 'Umbrella' }),
    ]);
  });

  it('maps MALFORMED_QUERY to upstream_invalid_request with the vendor code', async () => {
    const result = expectError(await run('salesforce.query', { soql: 'SELECT Id FROM Account WHERE' }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'MALFORMED_QUERY', upstreamStatus: 400 });
  });

  it('gets a record with selected fields, also by its 15-character ID', async () => {
    const id = accountId('Acme Corp');
    const { data } = expectOk(await run('salesforce.get_record', { sobject: 'Account', recordId: id.slice(0, 15), fields: ['Name', 'Industry'] }));
    expect(data).toEqual({ attributes: expect.any(Object), Name: 'Acme Corp', Industry: 'Manufacturing', Id: id });
  });

  it('maps NOT_FOUND to upstream_not_found', async () => {
    const result = expectError(await run('salesforce.get_record', { sobject: 'Account', recordId: '001Dn00000ZZZZZAAA' }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', vendorCode: 'NOT_FOUND' });
  });

  it('creates a record and reads it back', async () => {
    const created = expectOk<{ id: string; success: boolean }>(
      await run('salesforce.create_record', { sobject: 'Contact', fields: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' } }),
    );
    expect(created.data).toMatchObject({ success: true, id: expect.stringMatching(/^003[a-zA-Z0-9]{15}$/) });
    const read = expectOk(await run('salesforce.get_record', { sobject: 'Contact', recordId: created.data.id, fields: ['LastName'] }));
    expect(read.data).toMatchObject({ LastName: 'Lovelace' });
    expect(sim.control.writeCount('POST /services/data/:version/sobjects/:type')).toBe(1);
  });

  it('maps REQUIRED_FIELD_MISSING to upstream_invalid_request naming the field', async () => {
    const result = expectError(await run('salesforce.create_record', { sobject: 'Account', fields: { Industry: 'Energy' } }));
    expect(result.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'REQUIRED_FIELD_MISSING', field: 'Name' });
  });

  it('updates a record and returns a result although Salesforce answers 204 with no body', async () => {
    const id = accountId('Globex');
    const { data } = expectOk(await run('salesforce.update_record', { sobject: 'Account', recordId: id, fields: { Industry: 'Utilities' } }));
    expect(data).toEqual({ id, success: true });
    expect(sim.control.org.records.get(id)?.record['Industry']).toBe('Utilities');
  });

  it('describes an object with its fields', async () => {
    const { data } = expectOk<{ name: string; keyPrefix: string; fields: Array<{ name: string; nillable: boolean }> }>(
      await run('salesforce.describe_object', { sobject: 'Opportunity' }),
    );
    expect(data).toMatchObject({ name: 'Opportunity', keyPrefix: '006' });
    expect(data.fields).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'StageName', nillable: false })]));
  });

  it('deletes a record (destructive); deleting it again is upstream_not_found', async () => {
    const id = accountId('Initech');
    expect(expectOk(await run('salesforce.delete_record', { sobject: 'Account', recordId: id })).data).toEqual({ id, deleted: true });
    const again = expectError(await run('salesforce.delete_record', { sobject: 'Account', recordId: id }));
    expect(again.error).toMatchObject({ code: 'upstream_not_found', vendorCode: 'ENTITY_IS_DELETED' });
    const remaining = expectOk<QueryPage>(await run('salesforce.query', { soql: "SELECT Id FROM Account WHERE Name = 'Initech'" }));
    expect(remaining.data.totalSize).toBe(0);
  });

  it('reads Sforce-Limit-Info into remaining and limit on every response', async () => {
    sim.control.setApiUsage(17);
    const result = await run('salesforce.describe_object', { sobject: 'Account' });
    expect(result.rateLimit).toMatchObject({ limited: false, limit: 1000, remaining: 982, scope: 'sforce-limit-info' });
  });

  it('maps 403 REQUEST_LIMIT_EXCEEDED to upstream_rate_limited, not forbidden', async () => {
    sim.control.setApiUsage(1000);
    const result = expectError(await run('salesforce.query', { soql: 'SELECT Id FROM Account' }));
    expect(result.error).toMatchObject({
      code: 'upstream_rate_limited',
      upstreamStatus: 403,
      vendorCode: 'REQUEST_LIMIT_EXCEEDED',
      retryable: true,
      retryAfterMs: 60_000,
    });
    expect(result.rateLimit).toMatchObject({ limited: true, remaining: 0, limit: 1000 });
  });

  it('maps the concurrent-request variant of REQUEST_LIMIT_EXCEEDED the same way', async () => {
    sim.control.injectFault({ kind: 'rate_limit', variant: 'concurrent' });
    expect(expectError(await run('salesforce.describe_object', { sobject: 'Account' })).error.code).toBe('upstream_rate_limited');
  });

  it('flags 401 INVALID_SESSION_ID after the session timeout as needs_reauth with authExpired', async () => {
    clock.advance(901_000);
    const result = expectError(await run('salesforce.describe_object', { sobject: 'Account' }));
    expect(result.error).toMatchObject({ code: 'needs_reauth', authExpired: true, vendorCode: 'INVALID_SESSION_ID', upstreamStatus: 401 });
  });

  it('maps an injected 503 to upstream_unavailable', async () => {
    sim.control.injectFault({ kind: 'server_error', status: 503 });
    expect(expectError(await run('salesforce.describe_object', { sobject: 'Account' })).error).toMatchObject({
      code: 'upstream_unavailable',
      vendorCode: 'SERVER_UNAVAILABLE',
    });
  });

  it('needs the instance URL from the token answer before any call', async () => {
    const result = expectError(await run('salesforce.describe_object', { sobject: 'Account' }, { connection: {} }));
    expect(result.error).toMatchObject({ code: 'connection_required' });
  });

  it("refuses a cursor whose next URL leaves the connection's instance", async () => {
    const cursor = encodeCursor({ action: 'salesforce.query', style: 'next_url', value: 'https://attacker.example/services/data/v63.0/query/01g-2' });
    const result = expectError(await run('salesforce.query', { soql: 'SELECT Id FROM Account', cursor }));
    expect(result.error).toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });
});

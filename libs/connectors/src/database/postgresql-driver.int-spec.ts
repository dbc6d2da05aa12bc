import { createScratchDatabase, type ScratchDatabase } from '@causeway/testing';
import { Client } from 'pg';
import { catalog } from '../catalog';
import type { ActionResult, ConnectionContext, Credential } from '../engine/types';
import { createPostgresDriver } from './postgresql-driver';

type Rows = { columns: Array<{ name: string; dataType: string }>; rows: Array<Record<string, unknown>>; rowCount: number; truncated: boolean };

const ok = (result: ActionResult): Rows => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data as Rows;
};
const failed = (result: ActionResult) => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.data).slice(0, 200)}`);
  return result.error;
};

/**
 * The driver against the real test PostgreSQL, in a scratch database. The egress check is a
 * pass-through here (the test server is on loopback); libs/egress's database-target specs show
 * the production policy refusing it.
 */
describe('PostgreSQL driver against a real PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let url: URL;
  const approved: string[] = [];
  const driver = createPostgresDriver({
    catalog,
    approveTarget: async (host, port) => {
      approved.push(`${host}:${port}`);
      return { address: host === 'localhost' ? '127.0.0.1' : host, port };
    },
  });
  const connection = (extra: Record<string, string> = {}): ConnectionContext => ({
    params: { host: url.hostname, port: url.port || '5432', database: url.pathname.slice(1), sslmode: 'disable', ...extra },
  });
  const login = (password = decodeURIComponent(url.password)): Credential => ({
    authMode: 'password',
    kind: 'basic',
    username: decodeURIComponent(url.username),
    password,
  });
  const call = (action: string, input: Record<string, unknown>, options: { connection?: ConnectionContext; credential?: Credential } = {}) =>
    driver.executeAction({ action, input, credential: options.credential ?? login(), connection: options.connection ?? connection() });
  const direct = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const ticketCount = () => direct(async (client) => Number((await client.query('SELECT count(*) AS n FROM tickets')).rows[0].n));

  beforeAll(async () => {
    scratch = await createScratchDatabase('pgdriver');
    url = new URL(scratch.url);
    await direct(async (client) => {
      await client.query(
        "CREATE TABLE tickets (id serial PRIMARY KEY, title text NOT NULL, status text NOT NULL DEFAULT 'open', opened_at timestamptz NOT NULL DEFAULT now())",
      );
      await client.query("INSERT INTO tickets (title) SELECT 'ticket ' || n FROM generate_series(1, 30) AS n");
      await client.query("CREATE FUNCTION sneaky_insert() RETURNS int LANGUAGE sql AS $$ INSERT INTO tickets (title) VALUES ('sneaky') RETURNING id $$");
    });
  });
  afterAll(() => scratch.drop());

  it('lists tables and describes one, after the host passed the egress check', async () => {
    approved.length = 0;
    const tables = ok(await call('postgresql.list_tables', { schema: 'public' }));
    expect(tables.rows).toContainEqual({ schema: 'public', name: 'tickets', type: 'BASE TABLE' });
    expect(approved).toEqual([`${url.hostname}:${url.port || '5432'}`]);
    const columns = ok(await call('postgresql.describe_table', { table: 'tickets' }));
    expect(columns.rows.map((column) => [column['name'], column['dataType']])).toEqual([
      ['id', 'integer'],
      ['title', 'text'],
      ['status', 'text'],
      ['opened_at', 'timestamp with time zone'],
    ]);
    expect(failed(await call('postgresql.describe_table', { table: 'nope' }))).toMatchObject({ code: 'upstream_not_found' });
  });

  it('binds parameters instead of interpolating them, and refuses a second statement smuggled after a semicolon', async () => {
    const injected = ok(await call('postgresql.query', { sql: 'SELECT id FROM tickets WHERE title = $1', params: ["x' OR '1'='1"] }));
    expect(injected.rows).toEqual([]);
    const exact = ok(await call('postgresql.query', { sql: 'SELECT id, title, opened_at FROM tickets WHERE title = $1', params: ['ticket 7'] }));
    expect(exact.rows).toEqual([{ id: 7, title: 'ticket 7', opened_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
    expect(exact.columns).toEqual([
      { name: 'id', dataType: 'integer' },
      { name: 'title', dataType: 'text' },
      { name: 'opened_at', dataType: 'timestamptz' },
    ]);
    const smuggled = failed(await call('postgresql.query', { sql: 'SELECT 1; DROP TABLE tickets' }));
    expect(smuggled).toMatchObject({ code: 'upstream_invalid_request', vendorCode: '42601' });
    expect(await ticketCount()).toBe(30);
  });

  it('keeps a read-only connection read-only: execute is refused, and a write hidden in a SELECT fails with 25006', async () => {
    const refused = failed(await call('postgresql.execute', { sql: 'DELETE FROM tickets' }));
    expect(refused).toMatchObject({ code: 'forbidden' });
    const hidden = failed(await call('postgresql.query', { sql: 'SELECT sneaky_insert()' }));
    expect(hidden).toMatchObject({ code: 'upstream_forbidden', vendorCode: '25006' });
    const insert = failed(await call('postgresql.query', { sql: "INSERT INTO tickets (title) VALUES ('x')" }));
    expect(insert.code).toBe('upstream_invalid_request');
    expect(await ticketCount()).toBe(30);
  });

  it('runs a write on a connection opened for writes, committed, with RETURNING rows', async () => {
    const writable = connection({ access: 'read_write' });
    const updated = ok(
      await call(
        'postgresql.execute',
        { sql: 'UPDATE tickets SET status = $1 WHERE id <= $2 RETURNING id, status', params: ['closed', 3] },
        { connection: writable },
      ),
    );
    expect(updated).toMatchObject({ rowCount: 3, truncated: false });
    expect(updated.rows.map((row) => row['status'])).toEqual(['closed', 'closed', 'closed']);
    expect(await direct(async (client) => Number((await client.query("SELECT count(*) AS n FROM tickets WHERE status = 'closed'")).rows[0].n))).toBe(3);
    await direct((client) => client.query("UPDATE tickets SET status = 'open'"));
  });

  it('cancels a statement that outlives its timeout (pg_sleep) and answers upstream_timeout', async () => {
    const started = Date.now();
    const slow = failed(await call('postgresql.query', { sql: 'SELECT pg_sleep(10)', timeoutMs: 300 }));
    expect(slow).toMatchObject({ code: 'upstream_timeout', vendorCode: '57014', retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('caps rows through the cursor and says when the result was cut', async () => {
    const capped = ok(await call('postgresql.query', { sql: 'SELECT id FROM tickets ORDER BY id', maxRows: 10 }));
    expect(capped).toMatchObject({ rowCount: 10, truncated: true });
    expect(capped.rows.at(-1)).toEqual({ id: 10 });
    const whole = ok(await call('postgresql.query', { sql: 'SELECT id FROM tickets ORDER BY id', maxRows: 30 }));
    expect(whole).toMatchObject({ rowCount: 30, truncated: false });
  });

  it('maps a wrong password to needs_reauth and an incomplete connection to connection_required, before sending anything', async () => {
    expect(failed(await call('postgresql.list_tables', {}, { credential: login('wrong-password') }))).toMatchObject({
      code: 'needs_reauth',
      vendorCode: '28P01',
    });
    approved.length = 0;
    const incomplete: ConnectionContext = { params: { host: url.hostname, sslmode: 'disable' } };
    expect(failed(await call('postgresql.list_tables', {}, { connection: incomplete }))).toMatchObject({ code: 'connection_required' });
    expect(failed(await call('postgresql.query', { sql: 'SELECT 1', maxRows: 0 }))).toMatchObject({ code: 'invalid_input', field: 'maxRows' });
    expect(approved).toEqual([]);
  });
});

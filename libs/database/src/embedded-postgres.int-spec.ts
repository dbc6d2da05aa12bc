import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, startTsProcess, type ServiceProcess } from '@causeway/testing';

/**
 * The three services of the embedded default share one PGlite backend through one wire
 * server. Each client's protocol cycle (Parse/Bind/Execute/Sync, or a whole transaction)
 * must reach the backend whole: interleaved, one client's Bind meets another's Parse.
 */
describe('embedded Postgres wire server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-pglite-'));
  let server: ServiceProcess;
  const db = { url: '' };
  const clients: Client[] = [];

  const connect = async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = startTsProcess('pglite', 'libs/database/src/serve-embedded-postgres.ts', {}, [dataDir]);
    db.url = await eventually(() => server.output().match(/postgres:\/\/\S+/)?.[0], { timeoutMs: 60_000, what: 'the wire server URL' }).catch((error) => {
      throw new Error(`${error.message}\n${server.output()}`);
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("never crosses concurrent clients' statements or answers, in or out of transactions", async () => {
    const [writer, b, c] = await Promise.all([connect(), connect(), connect()]);
    await writer.query('CREATE TABLE wire_mix (n int)');
    // Different parameter counts: an interleaved Bind is refused by the backend, and an
    // answer delivered to the wrong client carries the other client's marker.
    const write = async (i: number) => {
      await writer.query('BEGIN');
      await writer.query('INSERT INTO wire_mix VALUES ($1)', [i]);
      await writer.query('COMMIT');
    };
    const three = (i: number) =>
      b.query('SELECT $1::text || $2::text || $3::text AS who', ['b', String(i), '!']).then((r) => expect(r.rows).toEqual([{ who: `b${i}!` }]));
    const five = (i: number) =>
      c.query('SELECT $1::int + $2::int + $3::int + $4::int + $5::int AS sum', [i, 1, 1, 1, 1]).then((r) => expect(r.rows).toEqual([{ sum: i + 4 }]));
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => [write(i), three(i), five(i)]).flat());
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => String((o as PromiseRejectedResult).reason).slice(0, 200))
        .slice(0, 3),
    ).toEqual([]);
    expect((await b.query('SELECT count(*)::int AS n FROM wire_mix')).rows).toEqual([{ n: 100 }]);
  }, 60_000);

  it('keeps another client out of an open transaction until it ends', async () => {
    const [writer, reader] = await Promise.all([connect(), connect()]);
    await writer.query('CREATE TABLE IF NOT EXISTS wire_tx (n int)');
    await writer.query('BEGIN');
    await writer.query('INSERT INTO wire_tx VALUES (1)');
    // Issued while the writer's transaction is open: it waits, and never sees the rolled-back row.
    const read = reader.query('SELECT count(*)::int AS n FROM wire_tx');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writer.query('ROLLBACK');
    expect((await read).rows).toEqual([{ n: 0 }]);
  }, 30_000);

  it('rolls back the transaction of a client that disconnects inside it', async () => {
    const quitter = new Client({ connectionString: db.url });
    await quitter.connect();
    await quitter.query('CREATE TABLE IF NOT EXISTS wire_quit (n int)');
    await quitter.query('BEGIN');
    await quitter.query('INSERT INTO wire_quit VALUES (1)');
    await quitter.end();
    const other = await connect();
    expect((await other.query('SELECT count(*)::int AS n FROM wire_quit')).rows).toEqual([{ n: 0 }]);
  }, 30_000);
});

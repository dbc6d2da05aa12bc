import { resolve } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * Serves a PGlite data directory over the Postgres wire protocol on its own, for looking
 * into `.data/pglite` with psql while the embedded default is stopped, and for the tests
 * of the wire server (PGlite's WASM loader cannot run inside Jest's module sandbox).
 * Usage: serve-embedded-postgres <dataDir> [port]
 */
async function main() {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir) {
    process.stderr.write('usage: serve-embedded-postgres <dataDir> [port]\n');
    process.exit(2);
  }
  const db = await startEmbeddedPostgres({ dataDir: resolve(dataDir), port: port ? Number(port) : undefined });
  process.stdout.write(`${db.url}\n`);
  const stop = () => void db.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();

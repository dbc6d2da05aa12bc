import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPgliteTemplate } from './pglite-template';
import { servePGlite } from './pglite-wire-server';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WASM) served over the Postgres wire protocol, so the
 * embedded default uses the very same `pg` driver and TypeORM code as production.
 * We do not use the typeorm-pglite driver: it shared one session across concurrent
 * transactions (a failed transaction's writes went through). Nor pglite-socket's server:
 * it interleaved single messages of concurrent clients on the one backend. Our wire server
 * hands the backend to one client per protocol cycle. See docs/decisions/0003.
 *
 * A new data directory starts from the cluster template `npm install` made, when there is
 * one (pglite-template.ts): unpacking it is ~1 s where `initdb` takes 6-9 s.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; template?: string }): Promise<EmbeddedPostgres> {
  mkdirSync(options.dataDir, { recursive: true });
  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
  const loadDataDir = fresh ? readPgliteTemplate(options.template) : undefined;
  // Loaded here, not at the top: every service imports this library, only the embedded default runs PGlite.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: options.dataDir, ...(loadDataDir ? { loadDataDir } : {}) });
  const server = await servePGlite(db, { host: '127.0.0.1', port: options.port ?? 0 });
  return {
    url: `postgres://postgres:postgres@${server.address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

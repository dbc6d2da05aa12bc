import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A fresh PGlite data directory costs an `initdb` in WebAssembly: 6-9 s of the embedded
 * default's first start, the same empty cluster every time. So `npm install` (the root
 * `prepare` script) makes one once and keeps it as a tarball; a first start unpacks it in
 * ~1 s instead (docs/decisions/0009-compiled-starts.md). The template holds an empty cluster
 * only — no schema, no data — so it is keyed by the PGlite version alone, and kept beside the
 * installed packages (node_modules/.cache), which a PGlite upgrade reinstalls anyway.
 */
export function pgliteTemplateFile(): string {
  // The package's `exports` hide its package.json: go up from its entry (dist/index.cjs).
  const packageDir = dirname(dirname(require.resolve('@electric-sql/pglite')));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  return join(packageDir, '..', '..', '.cache', 'causeway', `pglite-${version}.tar.gz`);
}

/** The template as PGlite's `loadDataDir` takes it, or undefined when none was made. */
export function readPgliteTemplate(file = pgliteTemplateFile()): Blob | undefined {
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Makes the template unless it exists; returns its path. Renamed into place: never half-written. */
export async function ensurePgliteTemplate(file = pgliteTemplateFile()): Promise<string> {
  if (existsSync(file)) return file;
  const scratch = join(tmpdir(), `causeway-pglite-template-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: scratch });
  try {
    const tarball = await db.dumpDataDir('gzip');
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return file;
}

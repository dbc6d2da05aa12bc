#!/usr/bin/env node
/**
 * Compiles the workspace's TypeScript (apps/<name>/src and libs/<name>/src) to CommonJS under
 * dist/, the same layout as the sources, so `npm start` and `npm run start:<service>` run plain
 * `node dist/apps/<service>/src/main.js` (docs/decisions/0008-compiled-starts.md).
 *
 *   node tools/build/compile.js            compile what changed since the last run
 *   node tools/build/compile.js --force    compile everything
 *
 * Incremental and safe to run before every start: a manifest (dist/.compile-manifest.json)
 * records each source's size and mtime when it was compiled, so after an edit or a `git pull`
 * only the files that differ are compiled again, and output whose source is gone is deleted
 * (a stale `foo.js` would otherwise shadow a new `foo/index.js`). A change to .swcrc, to the
 * compiler's version or to this file compiles everything. Writes go to a temporary name and
 * are renamed into place, so two runs at once (parallel tests) never leave a torn file.
 *
 * The transform is the repository's .swcrc, the one @swc-node/register and Jest use:
 * decorators with their metadata (Nest's dependency injection reads it), source maps beside
 * each file. `@causeway/<name>` resolves at run time through dist/node_modules/@causeway/<name>,
 * a manifest whose `main` is the compiled library, as npm workspaces resolve it in the images.
 * Tests (*.spec.ts, *.int-spec.ts, ...) and declaration files are left out.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const manifestFile = path.join(dist, '.compile-manifest.json');
const SKIP = /(\.spec|\.int-spec|\.e2e-spec|\.test)\.ts$|\.d\.ts$/;

function* walk(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== '__fixtures__') yield* walk(full);
    } else if (entry.isFile()) yield full;
  }
}

/** Workspace folders (apps/x, libs/x) with the name their package.json gives them. */
function workspaces() {
  const found = [];
  for (const parent of ['apps', 'libs']) {
    for (const entry of fs.readdirSync(path.join(root, parent), { withFileTypes: true })) {
      const file = path.join(root, parent, entry.name, 'package.json');
      if (entry.isDirectory() && fs.existsSync(file)) {
        found.push({ folder: `${parent}/${entry.name}`, name: JSON.parse(fs.readFileSync(file, 'utf8')).name });
      }
    }
  }
  return found;
}

/** Source file -> the output files it produces (relative to the root). */
function outputsOf(rel) {
  if (!rel.endsWith('.ts')) return [rel];
  const js = rel.replace(/\.ts$/, '.js');
  return [js, `${js}.map`];
}

function writeAtomically(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function stamp() {
  const swcVersion = require(require.resolve('@swc/core/package.json', { paths: [root] })).version;
  const hash = crypto.createHash('sha256');
  hash.update(swcVersion);
  hash.update(fs.readFileSync(path.join(root, '.swcrc')));
  hash.update(fs.readFileSync(__filename));
  return hash.digest('hex');
}

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    return { stamp: '', files: {} };
  }
}

function main() {
  const force = process.argv.includes('--force');
  const quiet = process.argv.includes('--quiet');
  const started = process.hrtime.bigint();
  const all = workspaces();
  const sources = new Map(); // rel -> "size:mtime"
  for (const { folder } of all) {
    for (const file of walk(path.join(root, folder, 'src'))) {
      if (file.endsWith('.ts') && SKIP.test(file)) continue;
      const stat = fs.statSync(file);
      sources.set(path.relative(root, file), `${stat.size}:${stat.mtimeMs}`);
    }
  }
  const previous = readManifest();
  // The stamp reads @swc/core's manifest and hashes two files: cheap, but only needed when
  // something looks changed or the manifest is from another compiler.
  const changed = [...sources].filter(([rel, sig]) => force || previous.files[rel] !== sig);
  const removed = Object.keys(previous.files).filter((rel) => !sources.has(rel));
  const resolverMissing = all.some(({ name }) => !fs.existsSync(path.join(dist, 'node_modules', name, 'package.json')));
  if (changed.length === 0 && removed.length === 0 && !resolverMissing && !force) {
    if (previous.stamp === stamp()) return report(quiet, started, 0, 0);
  }
  const current = stamp();
  const todo = previous.stamp === current ? changed.map(([rel]) => rel) : [...sources.keys()];

  let swc;
  let swcrc;
  if (todo.some((rel) => rel.endsWith('.ts'))) {
    swc = require(require.resolve('@swc/core', { paths: [root] }));
    swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
    delete swcrc.$schema;
  }
  const files = previous.stamp === current ? { ...previous.files } : {};
  for (const rel of todo) {
    const source = path.join(root, rel);
    const target = path.join(dist, rel);
    if (rel.endsWith('.ts')) {
      const js = target.replace(/\.ts$/, '.js');
      const result = swc.transformSync(fs.readFileSync(source, 'utf8'), {
        ...swcrc,
        swcrc: false,
        filename: source,
        sourceFileName: path.relative(path.dirname(js), source),
        sourceMaps: true,
      });
      writeAtomically(`${js}.map`, result.map);
      writeAtomically(js, `${result.code}\n//# sourceMappingURL=${path.basename(js)}.map\n`);
    } else {
      writeAtomically(target, fs.readFileSync(source)); // JSON, console assets and other files the code reads
    }
    files[rel] = sources.get(rel);
  }
  for (const rel of removed) {
    for (const out of outputsOf(rel)) fs.rmSync(path.join(dist, out), { force: true });
    delete files[rel];
  }
  // `@causeway/<name>` -> the compiled library, resolved from anywhere under dist/. No `name`
  // field: Jest's module map would take a second package of the same name for a collision.
  for (const { folder, name } of all) {
    const main = path.relative(path.join(dist, 'node_modules', name), path.join(dist, folder, 'src', 'index.js'));
    writeAtomically(path.join(dist, 'node_modules', name, 'package.json'), `${JSON.stringify({ private: true, main })}\n`);
  }
  writeAtomically(manifestFile, JSON.stringify({ stamp: current, files }));
  report(quiet, started, todo.length, removed.length);
}

/** The console web app's bundle (esbuild; returns at once when fresh). The control plane also builds it at start. */
function buildConsoleWeb() {
  const script = path.join(root, 'apps', 'control-plane', 'console-web', 'build.js');
  if (!fs.existsSync(script)) return;
  require(script)
    .buildConsoleWeb()
    .then((built) => built && !process.argv.includes('--quiet') && process.stderr.write('compile: console web app bundled\n'))
    .catch((error) => {
      process.stderr.write(`compile: console web app not bundled: ${error.message}\n`);
      process.exitCode = 1;
    });
}

function report(quiet, started, compiled, removed) {
  if (quiet && compiled === 0 && removed === 0) return;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stderr.write(`compile: ${compiled} compiled, ${removed} removed, dist/ up to date (${ms.toFixed(0)} ms)\n`);
}

main();
buildConsoleWeb();

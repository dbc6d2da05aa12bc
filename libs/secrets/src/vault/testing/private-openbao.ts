import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * An OpenBao dev server of a test's own, for what must not happen to the shared one
 * (tools/infra/openbao.sh): sealing it. Same binary, a free loopback port, a random root token,
 * in memory; gone when stopped.
 */
export class PrivateOpenBao {
  private constructor(
    readonly address: string,
    readonly rootToken: string,
    private readonly child: ChildProcess,
  ) {}

  /** The binary tools/infra/openbao.sh installs (TEST_OPENBAO_BIN overrides). */
  static binary(env: NodeJS.ProcessEnv = process.env): string {
    return env.TEST_OPENBAO_BIN ?? join(__dirname, '..', '..', '..', '..', '..', '.infra', 'openbao', 'bin', 'bao');
  }

  static available(env: NodeJS.ProcessEnv = process.env): boolean {
    return existsSync(PrivateOpenBao.binary(env));
  }

  static async start(env: NodeJS.ProcessEnv = process.env): Promise<PrivateOpenBao> {
    const port = await freePort();
    const rootToken = `root-${randomBytes(9).toString('base64url')}`;
    const child = spawn(
      PrivateOpenBao.binary(env),
      ['server', '-dev', '-dev-no-store-token', `-dev-root-token-id=${rootToken}`, `-dev-listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SKIP_SETCAP: '1' } },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const server = new PrivateOpenBao(`http://127.0.0.1:${port}`, rootToken, child);
    const deadline = Date.now() + 30_000;
    while ((await server.health()) !== 200) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await server.stop();
        throw new Error(`private OpenBao did not start on port ${port}: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return server;
  }

  /** `bao operator seal` through the API: every later request is answered 503 "Vault is sealed". */
  async seal(): Promise<void> {
    const response = await fetch(`${this.address}/v1/sys/seal`, {
      method: 'PUT',
      headers: { 'x-vault-token': this.rootToken },
    });
    if (response.status !== 204) throw new Error(`sealing answered ${response.status}: ${await response.text()}`);
  }

  /** 200 unsealed and active, 503 sealed, 0 not answering. */
  async health(): Promise<number> {
    try {
      return (await fetch(`${this.address}/v1/sys/health`, { signal: AbortSignal.timeout(1_000) })).status;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

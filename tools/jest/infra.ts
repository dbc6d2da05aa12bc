import { execFileSync } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';

/** Where the test infrastructure listens; tools/infra/*.sh start it on these ports. */
export const TEST_INFRA = {
  databaseUrl: 'postgres://causeway:causeway@127.0.0.1:55432/causeway',
  postgres: { host: '127.0.0.1', port: 55432 },
  kafkaBrokers: '127.0.0.1:59092',
  kafka: { host: '127.0.0.1', port: 59092 },
  redisUrl: 'redis://127.0.0.1:56379',
  redis: { host: '127.0.0.1', port: 56379 },
  /** OpenBao in dev mode; the root token is a fixed test value (tools/infra/openbao.sh). */
  vaultAddr: 'http://127.0.0.1:58200',
  vaultToken: 'causeway-dev-root',
  vault: { host: '127.0.0.1', port: 58200 },
  /** The server binary, for tests that need a private server (sealing one). */
  openBaoBin: join(__dirname, '..', '..', '.infra', 'openbao', 'bin', 'bao'),
};

const root = join(__dirname, '..', '..');

export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** Runs one of the infra scripts, streaming its output to stderr so Jest shows progress. */
export function infraScript(script: string, ...args: string[]): void {
  execFileSync('bash', [join(root, 'tools', 'infra', script), ...args], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
}

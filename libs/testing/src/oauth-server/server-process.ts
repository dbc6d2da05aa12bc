import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { OAuthServerConfig } from './types';

/** oidc-provider is ESM-only and Jest's CommonJS runtime cannot load it, so it runs in its own process. */
const SERVER_SCRIPT = join(__dirname, 'server.mjs');
const READY_LINE = /^OAUTH_SERVER_READY (\S+)$/;
/** Enough of the server's stderr to explain a failure without holding a whole run's output. */
const STDERR_KEPT = 64 * 1024;
const STOP_GRACE_MS = 5_000;

export interface ServerProcess {
  /** The URL from the READY line (the issuer). */
  readonly url: string;
  readonly pid: number;
  /** The most recent server stderr, for diagnostics. */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Safe to call twice. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  startupTimeoutMs: number;
  echoStderr: boolean;
}

export function spawnServer(config: OAuthServerConfig, options: SpawnOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_SCRIPT], {
    env: {
      ...process.env,
      OAUTH_SERVER_CONFIG: JSON.stringify(config),
      OAUTH_SERVER_EXIT_ON_STDIN_END: '1',
    },
    // stdin stays open only so its end tells the server we are gone.
    stdio: ['pipe', 'pipe', 'pipe'],
  });

  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`OAuth test server did not start: ${reason}\n--- server stderr ---\n${stderr || '(empty)'}`));
    };
    const timer = setTimeout(() => fail(`no OAUTH_SERVER_READY within ${options.startupTimeoutMs} ms`), options.startupTimeoutMs);

    const onError = (err: Error) => fail(err.message);
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited early (code ${code}, signal ${signal})`);
    child.once('error', onError);
    // 'close' rather than 'exit': by then all of its stderr has been read.
    child.once('close', onEarlyExit);

    // Reading every line also keeps the pipe drained so the server never blocks on stdout.
    // stdio is 'pipe', so stdout exists.
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const ready = READY_LINE.exec(line.trim());
      if (!ready?.[1]) return;
      clearTimeout(timer);
      child.off('error', onError);
      child.off('close', onEarlyExit);
      // A later 'error' (say, a failed kill) must not become an uncaught exception in the test run.
      child.on('error', (err) => {
        stderr = `${stderr}\n[harness] child process error: ${err.message}`.slice(-STDERR_KEPT);
      });
      resolve({
        url: ready[1],
        pid: child.pid!,
        stderr: () => stderr,
        stop: () => stopChild(child, exited),
      });
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_GRACE_MS);
  });
  const timedOut = await Promise.race([exited.then(() => false), gaveUp]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

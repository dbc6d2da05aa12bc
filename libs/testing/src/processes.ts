import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and resolves with the exit code once the process ended. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export type ServiceName = 'embedded' | 'control-plane' | 'data-plane' | 'audit';

/**
 * Brings dist/ up to date with the sources (tools/build/compile.js: only what changed, safe
 * to run from parallel tests), as `npm start`'s `prestart` does.
 */
export function ensureCompiled(): void {
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'build', 'compile.js'), '--quiet'], { cwd: repoRoot, stdio: 'pipe', timeout: 120_000 });
}

/**
 * Starts a service from its compiled entry point, exactly as `npm start` and
 * `npm run start:<service>` do (and the images: `node dist/apps/<service>/src/main.js`).
 */
export function startServiceProcess(service: ServiceName, env: Record<string, string>, options: { name?: string; args?: string[] } = {}): ServiceProcess {
  ensureCompiled();
  return startNodeProcess(options.name ?? service, [join(repoRoot, 'dist', 'apps', service, 'src', 'main.js')], env, options.args);
}

/** Starts a TypeScript entry point (a CLI, a test harness) as its own Node process through swc's hook. */
export function startTsProcess(name: string, entry: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
  return startNodeProcess(name, ['-r', '@swc-node/register', join(repoRoot, entry)], env, args);
}

function startNodeProcess(name: string, nodeArgs: string[], env: Record<string, string>, args: string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a TypeScript entry point to completion and returns its exit code and output. */
export async function runTsProcess(entry: string, env: Record<string, string>, args: string[] = []) {
  const proc = startTsProcess(entry, entry, env, args);
  const code = await new Promise<number | null>((resolve) => proc.child.once('exit', (c) => resolve(c)));
  return { code, output: proc.output() };
}

/** Waits until GET `url` answers 200, failing with the process output if it never does. */
export async function waitForReady(url: string, proc?: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null) {
      throw new Error(`${proc.name} exited with ${proc.child.exitCode} before ready:\n${proc.output()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`);
}

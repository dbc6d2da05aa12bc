import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, startServiceProcess, waitForReady, type ServiceProcess } from '@causeway/testing';

/** What `npm start` wrote for the demo tenant (`.data/demo.json`). */
export interface DemoCredentials {
  apiKey: { key: string };
  admin: { email: string; password: string };
}

/** The embedded default (`npm start`) as a child process on free ports, in a data directory of its own. */
export interface EmbeddedProcess {
  proc: ServiceProcess;
  controlPlaneUrl: string;
  dataPlaneUrl: string;
  demo: DemoCredentials;
  /** The data directory; pass it to the next `startEmbeddedProcess` to restart on the same state. */
  dataDir: string;
  /** SIGKILL, keeping the data directory (a crash). */
  kill(): Promise<void>;
  /** SIGKILL, then the data directory goes. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded default from its compiled entry point, as `npm start` does, and waits
 * until all three services are ready and the demo tenant is seeded. Generous by default: CI
 * machines are shared.
 */
export async function startEmbeddedProcess(
  options: {
    env?: Record<string, string>;
    logLevel?: string;
    readyTimeoutMs?: number;
    name?: string;
    /** A data directory the test prepared or reads (the caller removes it). */ dataDir?: string;
  } = {},
): Promise<EmbeddedProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `causeway-${options.name ?? 'embedded'}-`));
  const timeoutMs = options.readyTimeoutMs ?? 170_000;
  // A port freePort() found free can be taken before the child binds it (another process's
  // outgoing connection, on a busy machine): then the start is tried again on fresh ports.
  for (let attempt = 1; ; attempt++) {
    const ports = {
      CONTROL_PLANE_PORT: String(await freePort()),
      DATA_PLANE_PORT: String(await freePort()),
      AUDIT_PORT: String(await freePort()),
      EMBEDDED_DB_PORT: String(await freePort()),
    };
    const env = { CAUSEWAY_DATA_DIR: dataDir, ...ports, LOG_LEVEL: options.logLevel ?? 'error', DATABASE_URL: '', KAFKA_BROKERS: '', ...options.env };
    const proc = startServiceProcess('embedded', env);
    try {
      for (const port of [ports.CONTROL_PLANE_PORT, ports.DATA_PLANE_PORT, ports.AUDIT_PORT])
        await waitForReady(`http://127.0.0.1:${port}/readyz`, proc, timeoutMs);
      await eventually(() => (proc.output().includes('Causeway is running') ? true : undefined), { timeoutMs, what: 'the start-up banner' });
      return embeddedProcess(proc, ports, dataDir);
    } catch (error) {
      await proc.stop('SIGKILL');
      if (attempt < 3 && proc.output().includes('EADDRINUSE')) continue;
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
}

function embeddedProcess(proc: ServiceProcess, ports: { CONTROL_PLANE_PORT: string; DATA_PLANE_PORT: string }, dataDir: string): EmbeddedProcess {
  const stop = async () => {
    await proc.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    proc,
    controlPlaneUrl: `http://127.0.0.1:${ports.CONTROL_PLANE_PORT}`,
    dataPlaneUrl: `http://127.0.0.1:${ports.DATA_PLANE_PORT}`,
    demo: JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as DemoCredentials,
    dataDir,
    kill: async () => void (await proc.stop('SIGKILL')),
    stop,
  };
}

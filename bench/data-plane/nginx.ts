import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Debian's nginx run in the foreground (`daemon off`, one worker) from a prefix directory of
 * our own, so it needs no system configuration and leaves nothing behind. Used twice: as the
 * fixed upstream (`return 200` with a constant body: C-fast, no GC, so the upstream is never the
 * bottleneck of the proxies measured) and as the reverse-proxy baseline.
 */
export interface RunningNginx {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function nginxBinary(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', 'nginx']) {
    const probe = spawnSync(candidate, ['-v'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function common(prefix: string): string {
  return `
worker_processes 1;
daemon off;
master_process on;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  client_body_temp_path ${join(prefix, 'body')};
  proxy_temp_path ${join(prefix, 'proxy')};
  fastcgi_temp_path ${join(prefix, 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'uwsgi')};
  scgi_temp_path ${join(prefix, 'scgi')};
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_buffer_size 64k;
`;
}

function upstreamConfig(prefix: string, port: number, body: string): string {
  if (/['\\$]/.test(body)) throw new Error('the fixed body must not contain quotes, backslashes or $ (nginx string)');
  return `${common(prefix)}
  server {
    listen 127.0.0.1:${port} reuseport backlog=4096;
    location / {
      default_type application/json;
      return 200 '${body}';
    }
  }
}
`;
}

function proxyConfig(prefix: string, port: number, upstreamPort: number): string {
  return `${common(prefix)}
  upstream fixed {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port} reuseport backlog=4096;
    location / {
      proxy_pass http://fixed;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering on;
    }
  }
}
`;
}

export async function startNginx(args: {
  name: string;
  dir: string;
  port: number;
  mode: { kind: 'upstream'; body: string } | { kind: 'proxy'; upstreamPort: number };
}): Promise<RunningNginx> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx not found: apt-get install -y nginx');
  const prefix = join(args.dir, args.name);
  for (const sub of ['', 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, sub), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    args.mode.kind === 'upstream' ? upstreamConfig(prefix, args.port, args.mode.body) : proxyConfig(prefix, args.port, args.mode.upstreamPort),
  );
  const test = spawnSync(bin, ['-p', prefix, '-c', conf, '-t', '-q'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t failed for ${args.name}: ${test.stderr}`);
  const child: ChildProcess = spawn(bin, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const url = `http://127.0.0.1:${args.port}`;
  await waitForPort(
    url,
    () => child.exitCode !== null,
    () => `${stderr}${safeRead(join(prefix, 'error.log'))}`,
  );
  return {
    name: args.name,
    url,
    pid: child.pid!,
    stop: () => stopChild(child, 'SIGQUIT'),
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export async function waitForPort(url: string, died: () => boolean, why: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (died()) throw new Error(`${url} exited at start: ${why()}`);
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not come up: ${why()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Stops a child we started, by its own pid; SIGKILL if it is still there after 5 s. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

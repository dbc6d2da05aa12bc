import { loadavg } from 'node:os';
import { request as httpRequest, Agent } from 'node:http';
import { cpuSeconds } from './process-cpu';

/**
 * An open-loop client: sends calls on a fixed schedule (one every 1/rate s, whether or not the
 * previous ones have answered), so the offered load is the same for every target and a slow
 * answer does not slow the sender down (wrk's closed loop would). Used for the low-rate phase
 * (50 calls/s: what does the platform cost when calls are sparse?) and the fixed-load latency
 * phase (1,000 req/s: what does it add over direct?).
 */
export interface PacedCall {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: string;
  /** Bodies to send in rotation instead of `body` (e.g. one per Slack channel, which Causeway paces at 1/s each). */
  bodies?: string[];
}

export interface PacedResult {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  /** Statuses other than 2xx, with a count, for the report. */
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds the measured process used over the run, and per call in µs. */
  cpuSeconds: number;
  cpuPerCallUs: number;
  /** Fraction of one core the measured process used. */
  cores: number;
  load: string;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);

/** Sends `call` at `rate` per second for `seconds` and measures `pid`'s CPU over the run. */
export async function runPaced(
  call: PacedCall,
  options: { rate: number; seconds: number; pid: number; withChildren?: boolean; timeoutMs?: number },
): Promise<PacedResult> {
  const { rate, seconds, pid } = options;
  const url = new URL(call.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let inFlight = 0;
  const total = Math.round(rate * seconds);
  const one = (i: number) =>
    new Promise<void>((done) => {
      const started = process.hrtime.bigint();
      inFlight++;
      const finish = (status: string) => {
        inFlight--;
        if (status.startsWith('2')) {
          ok++;
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        } else {
          failed++;
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
        done();
      };
      const req = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: call.method ?? 'POST',
          headers: call.headers,
          timeout: options.timeoutMs ?? 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => finish(String(res.statusCode)));
          res.on('error', () => finish('error'));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => finish(e.message === 'timeout' ? 'timeout' : 'error'));
      req.end(call.bodies?.length ? call.bodies[i % call.bodies.length] : call.body);
    });
  const cpuBefore = cpuSeconds(pid, options.withChildren);
  const t0 = process.hrtime.bigint();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // Absolute schedule: call i leaves at t0 + i/rate, however late the previous wake-up was.
    const due = Number(t0) / 1e6 + (i * 1000) / rate;
    const wait = due - Number(process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one(i));
  }
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  await Promise.all(pending);
  // CPU over the sending window plus the tail of answers: the whole cost of these calls.
  const cpu = cpuSeconds(pid, options.withChildren) - cpuBefore;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  void inFlight;
  return {
    rate,
    seconds: elapsed,
    sent: total,
    ok,
    failed,
    statuses,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuSeconds: cpu,
    cpuPerCallUs: (cpu / Math.max(1, total)) * 1e6,
    cores: cpu / wall,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

/** CPU `pid` uses while nothing calls it, as a fraction of a core. */
export async function idleCores(pid: number, seconds: number): Promise<number> {
  const before = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (cpuSeconds(pid) - before) / seconds;
}

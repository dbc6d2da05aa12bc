import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One kind of request, sent over and over by wrk. `body` contains the channel id
 * `C0GENERAL01`, which the script replaces with one of `channels` ids (`C` + 10 digits, same
 * length) in rotation: Causeway paces chat.postMessage per channel at Slack's declared
 * 1 message/s, so a benchmark on one channel would measure the pacing, not the data plane.
 * Every target gets the same rotation. `idempotencyKey` adds a fresh `Idempotency-Key` per request.
 */
export interface RequestShape {
  path: string;
  body: string;
  authorization: string;
  idempotencyKey?: boolean;
}

export const CHANNELS = 20_000;

export interface WrkResult {
  requests: number;
  durationUs: number;
  rps: number;
  /** Non-2xx/3xx answers plus connect, read, write and timeout errors. */
  errors: number;
  non2xx: number;
  latencyUs: { mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
}

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['-v'], { stdio: 'ignore' }).error === undefined;
}

const lua = (s: string) => JSON.stringify(s); // a JSON string literal is a valid Lua string literal for ASCII

/**
 * Writes the Lua script for one target. Requests are pre-built in `init` (one per channel)
 * and handed out in rotation by `request()`. `rate` > 0 paces requests on one global schedule
 * (slot k at t0 + k/rate, LuaJIT ffi clock_gettime; wrk's timers have 1 ms resolution), so
 * every target sees the same offered load whatever its latency; 0 sends as fast as possible.
 * `done` prints the exact percentiles (µs) as one JSON line.
 */
export function writeScript(dir: string, name: string, shape: RequestShape, rate = 0): string {
  const [before, after] = shape.body.split('C0GENERAL01');
  if (after === undefined) throw new Error('the body must name channel C0GENERAL01');
  const pacing =
    rate > 0
      ? `
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_ts; int clock_gettime(int clk, bench_ts *ts); ]]
local ts = ffi.new("bench_ts")
local function now_ms() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6 end
local period = ${1000 / rate}
local next_slot = nil
function delay()
  local now = now_ms()
  if next_slot == nil then next_slot = now end
  next_slot = next_slot + period
  local d = next_slot - now
  if d <= 0 then return 0 end
  return math.floor(d)
end
`
      : '';
  const script = `
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = ${lua(shape.authorization)} }
local path = ${lua(shape.path)}
local n = ${CHANNELS}
local bodies = {}
local requests = {}
local i = 0
local counter = 0
local run = tostring(math.random(1, 1000000000)) .. "-" .. tostring(os.time())
function init(args)
  for k = 1, n do
    bodies[k] = ${lua(before)} .. string.format("C%010d", k) .. ${lua(after)}
    requests[k] = wrk.format("POST", path, headers, bodies[k])
  end
end
function request()
  i = i % n + 1
  ${
    shape.idempotencyKey
      ? `counter = counter + 1
  local h = { ["Content-Type"] = headers["Content-Type"], ["Authorization"] = headers["Authorization"], ["Idempotency-Key"] = "bench-" .. run .. "-" .. counter }
  return wrk.format("POST", path, h, bodies[i])`
      : 'return requests[i]'
  }
end
${pacing}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"durationUs":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
`;
  const file = join(dir, `${name}${rate > 0 ? `-paced-${Math.round(rate)}` : ''}.lua`);
  writeFileSync(file, script);
  return file;
}

export function runWrk(args: { url: string; script: string; connections: number; seconds: number }): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${args.connections}`, `-d${args.seconds}s`, '--timeout', '5s', '--latency', '-s', args.script, args.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    const timer = setTimeout(() => child.kill('SIGKILL'), (args.seconds + 20) * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}) on ${args.url}: ${err || out}`));
      const r = JSON.parse(line.slice('BENCH_JSON '.length)) as Record<string, number>;
      const errors = r.non2xx + r.connect + r.read + r.write + r.timeout;
      resolve({
        requests: r.requests,
        durationUs: r.durationUs,
        rps: r.requests / (r.durationUs / 1e6),
        errors,
        non2xx: r.non2xx,
        latencyUs: { mean: r.mean, p50: r.p50, p90: r.p90, p99: r.p99, p999: r.p999, max: r.max },
      });
    });
  });
}

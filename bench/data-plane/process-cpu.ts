import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used, read from /proc (every thread: the event loop, GC helpers and
 * libuv's pool for fsync and DNS). Per request, over a load run, it is the cost figure that
 * survives a shared machine: req/s moves with whatever else runs on the cores, CPU per request
 * much less. For a master/worker server (nginx) the direct children are counted too.
 */
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

function ticksOf(pid: number): number {
  // Fields after the command name (which may contain spaces, so split after the last ')').
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds used so far by `pid` and, with `withChildren`, its direct children. */
export function cpuSeconds(pid: number, withChildren = false): number {
  let ticks = ticksOf(pid);
  if (withChildren) for (const child of childrenOf(pid)) ticks += ticksOf(child);
  return ticks / TICKS_PER_SECOND;
}

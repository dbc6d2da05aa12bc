/** Something a test wants to go wrong, on matching requests, a number of times. */
export type FaultSpec = {
  /** Which requests: method and a path (substring of the URL path, or a RegExp on it). */
  match?: { method?: string; path?: string | RegExp };
  /** How many matching requests it affects. Default 1; `Infinity` for all. */
  times?: number;
} & ({ kind: 'rate_limit'; retryAfterSeconds?: number; variant?: string } | { kind: 'server_error'; status?: number } | { kind: 'latency'; ms: number });

/** Pending faults, consumed in the order they were added. */
export class FaultInjector {
  private faults: Array<{ spec: FaultSpec; remaining: number }> = [];

  add(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this request, counted as used. */
  take(method: string, path: string): FaultSpec | undefined {
    const entry = this.faults.find(({ spec, remaining }) => remaining > 0 && matches(spec, method, path));
    if (!entry) return undefined;
    entry.remaining -= 1;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return entry.spec;
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.match?.method && spec.match.method.toUpperCase() !== method.toUpperCase()) return false;
  const wanted = spec.match?.path;
  if (wanted === undefined) return true;
  return typeof wanted === 'string' ? path.includes(wanted) : wanted.test(path);
}

/** Successful writes per route (`POST /api/chat.postMessage`), for idempotency tests. */
export class WriteCounter {
  private counts = new Map<string, number>();

  record(route: string): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Writes to one route (exact key, e.g. `POST /api/chat.postMessage`), or all writes. */
  count(route?: string): number {
    if (route !== undefined) return this.counts.get(route) ?? 0;
    let total = 0;
    for (const value of this.counts.values()) total += value;
    return total;
  }

  reset(): void {
    this.counts.clear();
  }
}

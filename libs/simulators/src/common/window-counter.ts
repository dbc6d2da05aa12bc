import type { Clock } from './clock';

export interface WindowVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, epoch ms. */
  resetAt: number;
}

/**
 * Fixed-window request counting per key (a window opens at the key's first hit). Vendors
 * use sliding windows or token buckets; for a simulator the observable behaviour — N calls
 * pass, the next is refused with a wait until the window ends — is the same.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  hit(key: string, limit: number, windowMs: number): WindowVerdict {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetAt = window.start + windowMs;
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetAt };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetAt };
  }

  /** The state without counting a hit. */
  peek(key: string, limit: number, windowMs: number): WindowVerdict {
    const now = this.clock.now();
    const window = this.windows.get(key);
    if (!window || now >= window.start + windowMs) return { allowed: true, limit, remaining: limit, resetAt: now + windowMs };
    return { allowed: window.count < limit, limit, remaining: Math.max(0, limit - window.count), resetAt: window.start + windowMs };
  }

  reset(): void {
    this.windows.clear();
  }
}

import type { RateLimitInfo } from '@causeway/connectors';
import type { Clock } from '../common/clock';

/**
 * A vendor API with a fixed-window limit of `limit` calls per `windowMs`, on its own clock.
 * Over the limit it refuses with Retry-After (whole seconds, rounded up, as HTTP sends it) and
 * remembers that instant, so a test can prove no call ever arrived before it.
 */
export class FakeUpstream {
  readonly received: number[] = [];
  readonly violations: Array<{ at: number; notBefore: number }> = [];
  refusals = 0;
  private notBefore = 0;
  private windowStart = 0;
  private inWindow = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
    /** When false, successful answers say nothing about the window (only refusals carry Retry-After). */
    private readonly revealsWindow = true,
  ) {}

  call(): { ok: boolean; rateLimit: RateLimitInfo } {
    const at = this.clock.now();
    this.received.push(at);
    if (at < this.notBefore) this.violations.push({ at, notBefore: this.notBefore });
    const windowStart = at - (at % this.windowMs);
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.inWindow = 0;
    }
    const resetAt = windowStart + this.windowMs;
    if (++this.inWindow > this.limit) {
      this.refusals++;
      const retryAfterMs = Math.ceil((resetAt - at) / 1000) * 1000;
      this.notBefore = Math.max(this.notBefore, at + retryAfterMs);
      return { ok: false, rateLimit: { limited: true, retryAfterMs, resetAt, remaining: 0, limit: this.limit } };
    }
    if (!this.revealsWindow) return { ok: true, rateLimit: { limited: false } };
    return { ok: true, rateLimit: { limited: false, resetAt, remaining: this.limit - this.inWindow, limit: this.limit } };
  }
}

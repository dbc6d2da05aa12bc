import type { RateLimitInfo } from '@causeway/connectors';
import { systemClock, type Clock } from '../common/clock';
import type { RateLimiter, RateLimitRule } from '../limits/rate-limiter';
import type { UpstreamHoldStore } from './hold-store';

export type GateDecision =
  | { ok: true }
  /** `upstream_hold`: the upstream told us to wait. `pace`: we would exceed its declared limit. */
  | { ok: false; retryAfterMs: number; reason: 'upstream_hold' | 'pace' };

export interface UpstreamGateOptions {
  holds: UpstreamHoldStore;
  /** Paces calls by declared limits (see pace.ts). Without it only learned holds apply. */
  pacer?: RateLimiter;
  clock?: Clock;
  /** A refusal that named no wait still holds the key this long. */
  defaultLimitedHoldMs?: number;
  /** Caps any one hold, so a garbled header cannot silence an upstream for a day. */
  maxHoldMs?: number;
}

/**
 * How long the response's rate-limit state says to stay away, in ms (0: no need):
 * an explicit Retry-After wins; otherwise, when the call was refused or the window is used up,
 * the time until the window resets; a refusal that said nothing waits `defaultLimitedHoldMs`.
 * The reset instant comes from the upstream's clock: if it runs behind ours we may call early,
 * get refused, and then hold on its Retry-After.
 */
export function holdFromRateLimit(info: RateLimitInfo | undefined, now: number, defaultLimitedHoldMs = 1_000): number {
  if (!info) return 0;
  if (info.retryAfterMs !== undefined) return Math.max(0, info.retryAfterMs);
  const exhausted = info.limited || info.remaining === 0;
  if (exhausted && info.resetAt !== undefined) return Math.max(0, info.resetAt - now);
  return info.limited ? defaultLimitedHoldMs : 0;
}

/**
 * Guards each upstream key (provider + connection) before a call goes out: first whatever the
 * upstream told us (holds, shared across replicas), then our own pacing by its declared limits
 * so we slow down before it has to refuse us. Call `beforeCall` before every attempt (retries
 * included) and `afterCall` with every response's rate-limit state.
 */
export class UpstreamGate {
  private readonly clock: Clock;
  private readonly defaultLimitedHoldMs: number;
  private readonly maxHoldMs: number;

  constructor(private readonly options: UpstreamGateOptions) {
    this.clock = options.clock ?? systemClock;
    this.defaultLimitedHoldMs = options.defaultLimitedHoldMs ?? 1_000;
    this.maxHoldMs = options.maxHoldMs ?? 15 * 60_000;
  }

  async beforeCall(key: string, pace?: RateLimitRule): Promise<GateDecision> {
    const held = await this.options.holds.remainingMs(key);
    if (held > 0) return { ok: false, retryAfterMs: held, reason: 'upstream_hold' };
    if (pace && this.options.pacer) {
      const decision = await this.options.pacer.take(`pace:${key}`, pace);
      if (!decision.allowed) return { ok: false, retryAfterMs: decision.retryAfterMs, reason: 'pace' };
    }
    return { ok: true };
  }

  /** Records what a response said about limits; returns the hold applied (ms, 0 for none). */
  async afterCall(key: string, info: RateLimitInfo | undefined): Promise<number> {
    const hold = Math.min(this.maxHoldMs, holdFromRateLimit(info, this.clock.now(), this.defaultLimitedHoldMs));
    if (hold > 0) await this.options.holds.holdFor(key, hold);
    return hold;
  }
}

import type { InMemoryHoldStore, UpstreamHoldStore } from './hold-store';

/**
 * Holds that survive a Redis outage on this replica: every hold is recorded locally as well as
 * in the shared store (a failed shared write is reported, not thrown: the local copy still keeps
 * this replica away from the upstream), and a read the shared store cannot answer is answered
 * locally. The local copy is what FallbackAdmission's twin reads while Redis is down.
 */
export class FallbackHoldStore implements UpstreamHoldStore {
  constructor(
    private readonly primary: UpstreamHoldStore,
    readonly local: InMemoryHoldStore,
    private readonly options: { onFallback?: (error: unknown) => void } = {},
  ) {}

  async holdFor(key: string, ms: number): Promise<void> {
    await this.local.holdFor(key, ms);
    try {
      await this.primary.holdFor(key, ms);
    } catch (error) {
      this.options.onFallback?.(error);
    }
  }

  async remainingMs(key: string): Promise<number> {
    try {
      return await this.primary.remainingMs(key);
    } catch (error) {
      this.options.onFallback?.(error);
      return this.local.remainingNow(key);
    }
  }
}

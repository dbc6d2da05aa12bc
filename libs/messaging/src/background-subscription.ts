import { ConstantBackoff, ExponentialBackoff, handleAll, retry, TaskCancelledError, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import type { EventBus, SubscribeOptions, Subscription } from './event-bus';

export interface BackgroundSubscription extends Subscription {
  /** True once the bus has accepted the subscription; from then on the adapter rides out outages itself. */
  readonly connected: boolean;
  /** Resolves once connected; never rejects (closing before that leaves it pending). */
  readonly whenConnected: Promise<void>;
}

export interface BackgroundSubscriptionOptions {
  /** Told of the first failed attempt and every tenth after it: an outage is visible without a log line per retry. */
  onAttemptFailed?(error: unknown, attempt: number): void;
  /** Delays between attempts; exponential from 250 ms to 5 s by default. */
  backoff?: IBackoffFactory<IRetryBackoffContext<unknown>>;
}

/**
 * Subscribes, and keeps trying until the bus takes the subscription.
 *
 * A consumer that cannot reach the broker at start would otherwise fail the process, and a
 * pod that exits while Kafka is down is a crash loop with growing back-off: it comes back
 * minutes after Kafka did. Once subscribed, the Kafka adapter restarts its consumer through
 * outages on its own, so only the first connection needs this. Callers decide what waiting
 * means for them (readiness), not the bus.
 */
export function subscribeInBackground(bus: EventBus, options: SubscribeOptions, settings: BackgroundSubscriptionOptions = {}): BackgroundSubscription {
  const cancelled = new AbortController();
  let subscription: Subscription | undefined;
  let attempt = 0;
  let connected = false;
  // Unref'd: a pending retry must not keep a process alive that is shutting down.
  const policy = retry(handleAll, {
    maxAttempts: Number.MAX_SAFE_INTEGER,
    backoff: settings.backoff ?? new ExponentialBackoff({ initialDelay: 250, maxDelay: 5000 }),
  }).dangerouslyUnref();
  policy.onRetry((failure) => {
    attempt += 1;
    if ('error' in failure && (attempt === 1 || attempt % 10 === 0)) settings.onAttemptFailed?.(failure.error, attempt);
  });
  const whenConnected = policy
    .execute(async ({ signal }) => {
      if (signal.aborted) throw new TaskCancelledError();
      const taken = await bus.subscribe(options);
      // Closed while this attempt was in flight: the caller no longer wants it.
      if (signal.aborted) {
        await taken.close();
        throw new TaskCancelledError();
      }
      subscription = taken;
      connected = true;
    }, cancelled.signal)
    .catch(() => new Promise<void>(() => undefined));

  return {
    get connected() {
      return connected;
    },
    whenConnected,
    async close() {
      cancelled.abort();
      await subscription?.close();
    },
  };
}

/** For tests: retry at once, so an outage test runs on the bus's clock, not the back-off's. */
export const immediateRetries = (): IBackoffFactory<IRetryBackoffContext<unknown>> => new ConstantBackoff(0);

import { immediateRetries, subscribeInBackground } from './background-subscription';
import type { EventBus, ReceivedMessage, SubscribeOptions, Subscription } from './event-bus';
import { InProcessEventBus } from './in-process-event-bus';

/** A bus that refuses the first `outage` subscriptions, as Kafka does while it is down. */
function busDownFor(outage: number): EventBus & { attempts: number } {
  const inner = new InProcessEventBus();
  const bus = Object.assign(Object.create(inner) as EventBus, {
    attempts: 0,
    async subscribe(options: SubscribeOptions): Promise<Subscription> {
      bus.attempts += 1;
      if (bus.attempts <= outage) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
      return inner.subscribe(options);
    },
    publish: (messages: Parameters<EventBus['publish']>[0]) => inner.publish(messages),
  });
  return bus;
}

const options = (received: ReceivedMessage[]): SubscribeOptions => ({
  groupId: 'g',
  topics: ['causeway.config.v1'],
  fromBeginning: true,
  handleBatch: async (messages) => void received.push(...messages),
});

describe('subscribing in the background', () => {
  it('keeps trying until the bus takes the subscription, then delivers', async () => {
    const bus = busDownFor(3);
    const received: ReceivedMessage[] = [];

    const subscription = subscribeInBackground(bus, options(received), { backoff: immediateRetries() });
    expect(subscription.connected).toBe(false);
    await subscription.whenConnected;
    await bus.publish([{ topic: 'causeway.config.v1', key: 'k', value: { id: 1 } }]);

    expect(bus.attempts).toBe(4);
    expect(subscription.connected).toBe(true);
    expect(received.map((m) => m.value)).toEqual(['{"id":1}']);
    await subscription.close();
  });

  it('tells of the first failure and every tenth after it, not of each retry', async () => {
    const failures: number[] = [];
    const subscription = subscribeInBackground(busDownFor(25), options([]), {
      backoff: immediateRetries(),
      onAttemptFailed: (_error, attempt) => failures.push(attempt),
    });
    await subscription.whenConnected;

    expect(failures).toEqual([1, 10, 20]);
    await subscription.close();
  });

  it('stops trying once closed', async () => {
    const bus = busDownFor(Number.MAX_SAFE_INTEGER);
    const subscription = subscribeInBackground(bus, options([]), { backoff: immediateRetries() });
    await new Promise((resolve) => setTimeout(resolve, 20));

    await subscription.close();
    const attempts = bus.attempts;
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(bus.attempts - attempts).toBeLessThanOrEqual(1);
    expect(subscription.connected).toBe(false);
  });

  it('closes a subscription the bus granted after it was closed', async () => {
    let release!: () => void;
    const granted = { closed: false };
    const slowBus = {
      subscribe: () => new Promise<Subscription>((resolve) => (release = () => resolve({ close: async () => void (granted.closed = true) }))),
    } as unknown as EventBus;
    const subscription = subscribeInBackground(slowBus, options([]), { backoff: immediateRetries() });
    await new Promise((resolve) => setTimeout(resolve, 0));

    await subscription.close();
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(granted.closed).toBe(true);
    expect(subscription.connected).toBe(false);
  });
});

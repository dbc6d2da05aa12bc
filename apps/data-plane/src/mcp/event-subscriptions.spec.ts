import type { FeedEvent } from '../events/stream/event-feed';
import type { NewEventsListener } from '../events/stream/tenant-event-watch';
import { NOTIFIED_EVENTS_MAX, SessionEventSubscriptions, type UpdatedEvents } from './event-subscriptions';

const event = (seq: number, type: string): FeedEvent => ({ seq: String(seq), type, event: { id: `id-${seq}`, type, connectionid: 'c1' } });

/** A watch that hands the test its listener, as TenantEventWatch would call it on new events. */
function fakeWatch() {
  const listeners = new Set<NewEventsListener>();
  return {
    listeners,
    watch: jest.fn(async (_tenantId: string, listener: NewEventsListener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    emit: (events: FeedEvent[]) => listeners.forEach((l) => l(events)),
  };
}

describe('a session’s event subscriptions', () => {
  function subscriptions(max = 3) {
    const watch = fakeWatch();
    const sent: UpdatedEvents[] = [];
    const subs = new SessionEventSubscriptions('tenant-a', watch, async (updated) => void sent.push(updated), max);
    return { watch, sent, subs };
  }

  it('notifies each subscribed list of the new events that pass its filter, naming them', async () => {
    const { watch, sent, subs } = subscriptions();
    await subs.subscribe('causeway://events?type=com.github.');
    await subs.subscribe('causeway://events');
    watch.emit([event(5, 'com.github.push'), event(6, 'com.slack.app_mention')]);

    expect(watch.watch).toHaveBeenCalledTimes(1);
    expect(watch.watch).toHaveBeenCalledWith('tenant-a', expect.any(Function));
    expect(sent).toEqual([
      { uri: 'causeway://events?type=com.github.', count: 1, events: [{ uri: 'causeway://events/id-5', type: 'com.github.push', position: '5' }] },
      { uri: 'causeway://events', count: 2, events: [expect.objectContaining({ position: '5' }), expect.objectContaining({ position: '6' })] },
    ]);
  });

  it('names at most the newest NOTIFIED_EVENTS_MAX events, with the full count', async () => {
    const { watch, sent, subs } = subscriptions();
    await subs.subscribe('causeway://events');
    watch.emit(Array.from({ length: NOTIFIED_EVENTS_MAX + 10 }, (_, i) => event(i + 1, 'com.github.push')));
    expect(sent[0].count).toBe(NOTIFIED_EVENTS_MAX + 10);
    expect(sent[0].events).toHaveLength(NOTIFIED_EVENTS_MAX);
    expect(sent[0].events.at(-1)?.position).toBe(String(NOTIFIED_EVENTS_MAX + 10));
  });

  it('refuses more subscriptions than the limit, an event URI and a position, each naming the uri', async () => {
    const { subs } = subscriptions(2);
    await subs.subscribe('causeway://events?type=a.');
    await subs.subscribe('causeway://events?type=b.');
    await subs.subscribe('causeway://events?type=a.'); // the same again is no new subscription
    await expect(subs.subscribe('causeway://events?type=c.')).rejects.toMatchObject({
      code: 'invalid_input',
      extra: { field: 'uri' },
      message: expect.stringContaining('at most 2'),
    });
    await expect(subs.subscribe('causeway://events/6f1c0d2e-1111-4222-8333-444455556666')).rejects.toMatchObject({
      message: expect.stringContaining('never changes'),
    });
    await expect(subs.subscribe('causeway://events?after=3')).rejects.toMatchObject({ message: expect.stringContaining('leave out after') });
    expect(subs.size).toBe(2);
  });

  it('stops watching the tenant once the last subscription is gone, or the session closes', async () => {
    const { watch, sent, subs } = subscriptions();
    await subs.subscribe('causeway://events');
    await subs.unsubscribe('causeway://events');
    expect(watch.listeners.size).toBe(0);
    watch.emit([event(1, 'x')]);
    expect(sent).toEqual([]);

    await subs.subscribe('causeway://events');
    await subs.close();
    expect(watch.listeners.size).toBe(0);
  });
});

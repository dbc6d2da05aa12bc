import { InProcessEventBus } from './in-process-event-bus';
import type { ReceivedMessage } from './event-bus';

const message = (n: number) => ({ topic: 't', key: `k${n}`, value: { id: n } });

describe('InProcessEventBus', () => {
  it('resolves publish only after every subscribed group handled the messages', async () => {
    const bus = new InProcessEventBus();
    const seen: string[] = [];
    await bus.subscribe({
      groupId: 'a',
      topics: ['t'],
      handleBatch: async (batch) => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(...batch.map((m) => m.value ?? ''));
      },
    });
    await bus.publish([message(1), message(2)]);
    expect(seen).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('rejects publish when a consumer fails, and redelivers the batch next time', async () => {
    const bus = new InProcessEventBus();
    const batches: ReceivedMessage[][] = [];
    let fail = true;
    await bus.subscribe({
      groupId: 'a',
      topics: ['t'],
      handleBatch: async (batch) => {
        batches.push(batch);
        if (fail) throw new Error('db down');
      },
    });
    await expect(bus.publish([message(1)])).rejects.toThrow('db down');
    fail = false;
    await bus.publish([message(2)]);
    expect(batches.map((b) => b.map((m) => m.key))).toEqual([['k1'], ['k1', 'k2']]);
  });

  it('replays retained messages to a late group that asks from the beginning', async () => {
    const bus = new InProcessEventBus();
    await bus.publish([message(1)]);
    const keys: (string | null)[] = [];
    await bus.subscribe({ groupId: 'late', topics: ['t'], fromBeginning: true, handleBatch: async (b) => void keys.push(...b.map((m) => m.key)) });
    expect(keys).toEqual(['k1']);
  });

  it('keeps delivering in order across publishes with monotonic offsets', async () => {
    const bus = new InProcessEventBus();
    const offsets: string[] = [];
    await bus.subscribe({ groupId: 'a', topics: ['t'], handleBatch: async (b) => void offsets.push(...b.map((m) => m.offset)) });
    for (let i = 0; i < 5; i++) await bus.publish([message(i)]);
    expect(offsets).toEqual(['0', '1', '2', '3', '4']);
  });

  describe('consumer lag', () => {
    it('counts what a group has not handled yet: the batch in hand and what queues behind it', async () => {
      const bus = new InProcessEventBus();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await bus.subscribe({ groupId: 'audit', topics: ['t'], handleBatch: () => held });
      expect(bus.consumerLag('audit', 't')).toBe(0);

      const first = bus.publish([message(1), message(2)]);
      const second = bus.publish([message(3)]);
      expect(bus.consumerLag('audit', 't')).toBe(3);
      release();
      await Promise.all([first, second]);
      expect(bus.consumerLag('audit', 't')).toBe(0);
    });

    it('keeps the messages of a failing consumer counted until they are handled', async () => {
      const bus = new InProcessEventBus();
      let fail = true;
      await bus.subscribe({
        groupId: 'audit',
        topics: ['t'],
        handleBatch: async () => {
          if (fail) throw new Error('db down');
        },
      });
      await expect(bus.publish([message(1), message(2)])).rejects.toThrow('db down');
      expect(bus.consumerLag('audit', 't')).toBe(2);
      fail = false;
      await bus.publish([message(3)]);
      expect(bus.consumerLag('audit', 't')).toBe(0);
    });

    it('is 0 for a group or topic it does not know', async () => {
      const bus = new InProcessEventBus();
      await bus.publish([message(1)]);
      expect(bus.consumerLag('nobody', 't')).toBe(0);
      expect(bus.consumerLag('audit', 'other')).toBe(0);
    });
  });
});

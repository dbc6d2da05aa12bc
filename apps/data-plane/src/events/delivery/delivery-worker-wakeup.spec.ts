import type { DataSource } from 'typeorm';
import type { EgressGuard } from '@causeway/egress';
import { createLogger } from '@causeway/observability';
import { DeliveryWorker } from './delivery-worker';

/** When the worker's passes run: on its poll, and soon after an event is stored in its process. */
describe('DeliveryWorker wake-ups', () => {
  let worker: DeliveryWorker;
  let passes: number[];

  beforeEach(() => {
    jest.useFakeTimers();
    worker = new DeliveryWorker({
      dataSource: { query: async () => [] } as unknown as DataSource,
      guard: {} as EgressGuard,
      subscriptions: () => [],
      signingSecrets: async () => [],
      audit: { publish: async () => undefined },
      logger: createLogger('delivery-wakeup-test', 'silent'),
    });
    passes = [];
    jest.spyOn(worker, 'tick').mockImplementation(async () => {
      passes.push(Date.now());
      return 0;
    });
  });

  afterEach(async () => {
    await worker.stop();
    jest.useRealTimers();
  });

  const started = async () => {
    worker.start(250);
    await jest.advanceTimersByTimeAsync(0);
    expect(passes).toHaveLength(1);
    passes = [];
    return Date.now();
  };

  it('polls at its interval when nothing is stored', async () => {
    const t0 = await started();
    await jest.advanceTimersByTimeAsync(600);
    expect(passes.map((t) => t - t0)).toEqual([250, 500]);
  });

  it('runs a pass within 10 ms of a stored event instead of at the next poll', async () => {
    const t0 = await started();
    await jest.advanceTimersByTimeAsync(30);
    worker.nudge();
    await jest.advanceTimersByTimeAsync(20);
    expect(passes.map((t) => t - t0)).toEqual([40]);
  });

  it('is not pushed back by a steady stream of events: one a millisecond still gets a pass every ~10 ms', async () => {
    const t0 = await started();
    for (let ms = 0; ms < 100; ms++) {
      worker.nudge();
      await jest.advanceTimersByTimeAsync(1);
    }
    expect(passes.length).toBeGreaterThanOrEqual(9);
    expect(passes[0] - t0).toBeLessThanOrEqual(10);
  });
});

import { Registry } from 'prom-client';
import { InProcessEventBus } from '@causeway/messaging';
import { registerInProcessConsumerLag } from './consumer-lag';

describe('audit consumer lag on the embedded bus', () => {
  it('exports the audit group lag read from the in-process bus at scrape time', async () => {
    const bus = new InProcessEventBus();
    const registry = new Registry();
    registerInProcessConsumerLag(bus, { groupId: 'causeway-audit', topic: 'causeway.audit.v1', registry });
    let fail = true;
    await bus.subscribe({
      groupId: 'causeway-audit',
      topics: ['causeway.audit.v1'],
      handleBatch: async () => {
        if (fail) throw new Error('audit store down');
      },
    });

    const event = (n: number) => ({ topic: 'causeway.audit.v1', key: 'tenant', value: { id: n } });
    await expect(bus.publish([event(1), event(2), event(3)])).rejects.toThrow('audit store down');
    expect(await registry.metrics()).toMatch(/^causeway_audit_consumer_lag 3$/m);

    fail = false;
    await bus.publish([event(4)]);
    expect(await registry.metrics()).toMatch(/^causeway_audit_consumer_lag 0$/m);
  });
});

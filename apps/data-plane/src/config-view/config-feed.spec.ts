import { EVENT_HEADERS, TOPICS } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import { ConfigFeed, type ConfigSink } from './config-feed';

/** A change of one entity as either path delivers it: the entity id as key, its outbox seq. */
function change(entity: string, id: string, seq: number | undefined, value: string): ReceivedMessage {
  const headers: Record<string, string> = { [EVENT_HEADERS.configEntity]: entity };
  if (seq !== undefined) headers[EVENT_HEADERS.outboxSeq] = String(seq);
  return { topic: TOPICS.config, partition: 0, offset: String(seq ?? 0), key: id, value, headers };
}

function recordingFeed() {
  const applied: string[] = [];
  const sink: ConfigSink = { handleBatch: async (messages) => void applied.push(...messages.map((m) => m.value ?? '')) };
  return { feed: new ConfigFeed([sink]), applied };
}

describe('ConfigFeed', () => {
  it('applies a change once when the stream and the side channel both deliver it', async () => {
    const { feed, applied } = recordingFeed();
    await feed.deliver([change('api_key', 'k1', 7, 'revoked')]);
    await feed.deliver([change('api_key', 'k1', 7, 'revoked')]);
    expect(applied).toEqual(['revoked']);
  });

  it('keeps a revocation the side channel brought when the stream delivers the older creation late', async () => {
    const { feed, applied } = recordingFeed();
    await feed.deliver([change('api_key', 'k1', 9, 'revoked')]); // side channel, Kafka down
    await feed.deliver([change('api_key', 'k1', 5, 'created'), change('api_key', 'k1', 9, 'revoked')]); // the stream catching up
    expect(applied).toEqual(['revoked']);
  });

  it('does not bring a deleted entity back with an older upsert', async () => {
    const { feed, applied } = recordingFeed();
    await feed.deliver([change('membership', 'm1', 12, 'deleted')]);
    await feed.deliver([change('membership', 'm1', 4, 'upserted')]);
    expect(applied).toEqual(['deleted']);
  });

  it('orders each entity on its own: a tenant and its policy share an id, not a sequence', async () => {
    const { feed, applied } = recordingFeed();
    await feed.deliver([change('tenant', 't1', 20, 'tenant suspended')]);
    await feed.deliver([change('policy', 't1', 15, 'policy changed')]);
    expect(applied).toEqual(['tenant suspended', 'policy changed']);
  });

  it('applies changes without a seq in arrival order, as published before seqs existed', async () => {
    const { feed, applied } = recordingFeed();
    await feed.deliver([change('api_key', 'k1', undefined, 'a'), change('api_key', 'k1', undefined, 'b')]);
    expect(applied).toEqual(['a', 'b']);
  });

  it('applies one delivery before looking at the next', async () => {
    const order: string[] = [];
    let release!: () => void;
    const slow: ConfigSink = {
      handleBatch: async (messages) => {
        if (messages[0].value === 'first') await new Promise<void>((resolve) => (release = resolve));
        order.push(...messages.map((m) => m.value ?? ''));
      },
    };
    const feed = new ConfigFeed([slow]);
    const first = feed.deliver([change('api_key', 'k1', 1, 'first')]);
    const second = feed.deliver([change('api_key', 'k1', 2, 'second')]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});

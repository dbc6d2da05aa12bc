import { TOPICS } from '@causeway/contracts';
import { causewayTopics } from './topics';

const retentionOf = (topics: ReturnType<typeof causewayTopics>) =>
  topics.find((t) => t.topic === TOPICS.events)?.configEntries?.find((e) => e.name === 'retention.ms')?.value;

describe('the topic layout', () => {
  it('keeps causeway.events.v1 for 7 days unless told otherwise', () => {
    expect(retentionOf(causewayTopics())).toBe(String(7 * 24 * 3_600_000));
  });

  it("creates causeway.events.v1 with the configured replay retention (the data plane's EVENTS_TOPIC_RETENTION_MS)", () => {
    expect(retentionOf(causewayTopics(3, { eventsRetentionMs: 30 * 24 * 3_600_000 }))).toBe(String(30 * 24 * 3_600_000));
  });
});

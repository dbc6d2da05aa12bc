import type { DataSource } from 'typeorm';
import { InboundEventStore } from './inbound-event-store';
import { envelope } from './webhook-ingest';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const delivery = (id: string) => envelope(TENANT, 'gh-1', 'github', { deliveryId: id, type: 'com.github.issues.opened', subject: id, data: {} }, Date.now());

/** A data source whose every statement fails with `error`, counting them. */
function failingDataSource(error: Error) {
  const statements: unknown[][] = [];
  const dataSource = {
    getMetadata: () => ({ schema: 'data_plane', tableName: 'inbound_events' }),
    query: async (_sql: string, params: unknown[]) => {
      statements.push(params);
      throw error;
    },
  } as unknown as DataSource;
  return { dataSource, statements };
}

describe('InboundEventStore when a batch fails', () => {
  it('fails every delivery of a batch with PostgreSQL unreachable, in one statement, without trying each alone', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { dataSource, statements } = failingDataSource(refused);
    const store = new InboundEventStore(dataSource);
    const results = await Promise.allSettled(['a', 'b', 'c'].map((id) => store.storeOnce(delivery(id))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(statements).toHaveLength(1);
  });

  it('tries each delivery of a batch alone when the batch was refused for what is in it', async () => {
    const { dataSource, statements } = failingDataSource(new Error('invalid input syntax for type json'));
    const store = new InboundEventStore(dataSource);
    await Promise.allSettled(['a', 'b', 'c'].map((id) => store.storeOnce(delivery(id))));
    expect(statements).toHaveLength(4);
  });
});

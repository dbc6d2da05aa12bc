import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { PollingTriggerConfig } from '@causeway/contracts';
import { createLogger } from '@causeway/observability';
import type { DataSource } from 'typeorm';
import { PollingTriggersView } from '../../config-view/polling-triggers-view';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { createPollingTrigger } from './polling-triggers';
import { TriggerProjection } from './trigger-projection';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';

/**
 * The data plane's `polling_triggers` as a projection of the triggers the config stream brings,
 * on Postgres: rows follow the view, the cursor is never overwritten, and rows of deleted
 * triggers go — but only once the view is complete, so a replica without its snapshot keeps
 * every cursor.
 */
describe('the polling-trigger projection', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('trigger-projection', 2);
    dataSource = db.dataSource;
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  const rows = async () =>
    (await dataSource.query(`SELECT id, enabled, params, cursor FROM data_plane.polling_triggers ORDER BY created_at`)) as {
      id: string;
      enabled: boolean;
      params: Record<string, unknown>;
      cursor: Date | null;
    }[];
  const config = (id: string, extra: Partial<PollingTriggerConfig> = {}) => ({
    kind: 'jira.issues',
    params: { jql: 'project = OPS' },
    connectionId: 'c-1',
    enabled: true,
    createdAt: new Date().toISOString(),
    ...extra,
  });

  it('follows the view trigger by trigger, keeps the cursor, and deletes strays only once the view is complete', async () => {
    const stray = await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId: 'c-0', kind: 'jira.issues' });
    if (!stray.ok) throw new Error(stray.problem);
    const view = new PollingTriggersView();
    let complete = false;
    const projection = new TriggerProjection({
      dataSource,
      triggers: () => view.all(),
      trigger: (id) => view.of(id),
      complete: () => complete,
      logger: createLogger('projection-test', 'silent'),
    });
    view.onChange((id) => projection.trigger(id));
    const [a, b] = [randomUUID(), randomUUID()];
    view.apply({ tenantId: TENANT, entityId: a, op: 'upsert', data: config(a) }, 'stream');
    view.apply({ tenantId: TENANT, entityId: b, op: 'upsert', data: config(b) }, 'stream');
    await projection.sync();
    // Not complete yet: the row no trigger of the view explains may be one the snapshot has not brought.
    expect((await rows()).map((r) => r.id).sort()).toEqual([stray.trigger.id, a, b].sort());

    const cursor = new Date('2026-12-07T01:02:03.456Z');
    await dataSource.query(`UPDATE data_plane.polling_triggers SET cursor = $1 WHERE id = $2`, [cursor, a]);
    view.apply({ tenantId: TENANT, entityId: a, op: 'upsert', data: config(a, { enabled: false, params: { jql: 'project = WEB' } }) }, 'stream');
    view.apply({ tenantId: TENANT, entityId: b, op: 'delete', data: null }, 'stream');
    await projection.sync();
    const afterChange = await rows();
    expect(afterChange.find((r) => r.id === a)).toEqual({ id: a, enabled: false, params: { jql: 'project = WEB' }, cursor });
    expect(afterChange.map((r) => r.id)).not.toContain(b);

    complete = true;
    projection.tick();
    await projection.sync();
    expect((await rows()).map((r) => r.id)).toEqual([a]);
    expect((await rows())[0].cursor).toEqual(cursor);
  });
});

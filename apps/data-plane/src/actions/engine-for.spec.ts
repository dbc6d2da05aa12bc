import { catalog } from '@causeway/connectors';
import { createEgressGuard } from '@causeway/egress';
import type { ConnectionRecord } from '../config-view/records';
import { engineFactory } from './engine-for';

const record = (provider: string, params: Record<string, string>): ConnectionRecord => ({
  provider,
  name: provider,
  authMode: 'password',
  kind: 'shared',
  ownerUserId: null,
  externalUserRef: null,
  status: 'active',
  params,
  serverOverrides: null,
});

describe('engineFor', () => {
  const guard = createEgressGuard();
  afterAll(() => guard.close());

  it("runs a database provider's tools on the database driver, under the operator's egress settings", async () => {
    const postgresql = catalog.provider('postgresql');
    if (!postgresql) throw new Error('postgresql is in the catalog');
    const connection = record('postgresql', { host: '10.0.0.7', port: '5432', database: 'analytics' });
    const engine = engineFactory(guard)(postgresql, connection);
    // The production default admits no private address: refused before any socket is opened.
    const result = await engine.executeAction({
      action: 'postgresql.query',
      input: { sql: 'SELECT 1' },
      credential: { authMode: 'password', kind: 'basic', username: 'reader', password: 'secret' },
      connection: { params: connection.params },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'PostgreSQL: refused by egress policy' } });
  });

  it('lists the database tools with the HTTP ones, and the HTTP engine refuses to run them', async () => {
    expect(catalog.findAction('postgresql.execute')?.action).toMatchObject({ sideEffect: 'destructive', hints: { destructive: true } });
    const slack = catalog.provider('slack');
    if (!slack) throw new Error('slack is in the catalog');
    const httpEngine = engineFactory(guard)(slack, record('slack', {}));
    const result = await httpEngine.executeAction({
      action: 'postgresql.query',
      input: { sql: 'SELECT 1' },
      credential: { authMode: 'password', kind: 'basic', username: 'r', password: 'p' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

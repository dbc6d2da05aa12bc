import { catalog, createPostgresDriver, type ActionResult } from '@causeway/connectors';
import { createScratchDatabase, type ScratchDatabase } from '@causeway/testing';
import { AllowList } from './allow-list';
import { createDatabaseTargetApprover } from './database-target';
import type { Resolver } from './resolver';
import { defaultEgressSettings, LOOPBACK_ALLOW_LIST } from './settings';

/**
 * The PostgreSQL driver behind the egress approval, against the real test database (which
 * listens on loopback, a private address): the production policy refuses it before any socket
 * is opened; an operator's allow-list admits it; and the driver connects to the address the
 * check approved, never resolving the tenant's name itself.
 */
describe('PostgreSQL driver under the egress policy', () => {
  let scratch: ScratchDatabase;
  let url: URL;
  beforeAll(async () => {
    scratch = await createScratchDatabase('pgegress');
    url = new URL(scratch.url);
  });
  afterAll(() => scratch.drop());

  const callWith = (approveTarget: ReturnType<typeof createDatabaseTargetApprover>, host = url.hostname): Promise<ActionResult> =>
    createPostgresDriver({ catalog, approveTarget }).executeAction({
      action: 'postgresql.query',
      input: { sql: 'SELECT 1 AS one' },
      credential: { authMode: 'password', kind: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) },
      connection: { params: { host, port: url.port || '5432', database: url.pathname.slice(1), sslmode: 'disable' } },
    });

  it('refuses the tenant host in the production policy (no private addresses): forbidden, nothing sent', async () => {
    let resolved = 0;
    const resolver: Resolver = async () => {
      resolved += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await callWith(createDatabaseTargetApprover({ settings: defaultEgressSettings, resolver }), 'db.tenant.example');
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', retryable: false } });
    expect(result.ok ? '' : result.error.message).not.toContain('127.0.0.1');
    expect(resolved).toBe(1);
    const literal = await callWith(createDatabaseTargetApprover({ settings: defaultEgressSettings }), '127.0.0.1');
    expect(literal).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('connects to the address the check approved when the operator allows it, without resolving the name again', async () => {
    const asked: string[] = [];
    // A name real DNS does not know: the call can only work if the driver dials the checked address.
    const resolver: Resolver = async (hostname) => {
      asked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const settings = { ...defaultEgressSettings, allowPrivate: AllowList.parse(LOOPBACK_ALLOW_LIST) };
    const result = await callWith(createDatabaseTargetApprover({ settings, resolver }), 'db.tenant.example');
    expect(result).toMatchObject({ ok: true, data: { rows: [{ one: 1 }], truncated: false } });
    expect(asked).toEqual(['db.tenant.example']);
  });
});

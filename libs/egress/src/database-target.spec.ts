import { AllowList } from './allow-list';
import { createDatabaseTargetApprover } from './database-target';
import { EgressRefusedError } from './errors';
import type { Resolver } from './resolver';
import { defaultEgressSettings, LOOPBACK_ALLOW_LIST } from './settings';

const resolverOf = (answers: Record<string, string[]>) => {
  const asked: string[] = [];
  const resolver: Resolver = async (hostname) => {
    asked.push(hostname);
    return (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return { asked, resolver };
};

const refusalOf = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EgressRefusedError);
  return error as EgressRefusedError;
};

describe('createDatabaseTargetApprover (a tenant database host under the egress policy)', () => {
  it('returns the one address it checked, so the driver connects there and never resolves the name again', async () => {
    const { asked, resolver } = resolverOf({ 'db.example.com': ['93.184.216.34', '93.184.216.35'] });
    const approve = createDatabaseTargetApprover({ settings: defaultEgressSettings, resolver });
    await expect(approve('DB.Example.com.', 5432)).resolves.toEqual({ address: '93.184.216.34', port: 5432 });
    expect(asked).toEqual(['db.example.com']);
  });

  it('refuses private, loopback and metadata targets under the production policy, with one message that names nothing', async () => {
    const { resolver } = resolverOf({ 'internal.example.com': ['10.0.0.5'], localhost: ['127.0.0.1'], 'mixed.example.com': ['93.184.216.34', '192.168.1.4'] });
    const approve = createDatabaseTargetApprover({ settings: defaultEgressSettings, resolver });
    for (const host of ['internal.example.com', 'mixed.example.com', '127.0.0.1', 'localhost', '169.254.169.254', 'metadata.google.internal']) {
      const refusal = await refusalOf(approve(host, 5432));
      expect(refusal).toMatchObject({ errorCode: 'forbidden', message: 'refused by egress policy' });
    }
  });

  it('admits a private address the operator allowed (EGRESS_ALLOW_PRIVATE), and nothing else private', async () => {
    const { resolver } = resolverOf({ 'db.internal': ['10.1.2.3'] });
    const approve = createDatabaseTargetApprover({
      settings: { ...defaultEgressSettings, allowPrivate: AllowList.parse(`10.1.2.3/32,${LOOPBACK_ALLOW_LIST}`) },
      resolver,
    });
    await expect(approve('db.internal', 6432)).resolves.toEqual({ address: '10.1.2.3', port: 6432 });
    await expect(approve('127.0.0.1', 5432)).resolves.toEqual({ address: '127.0.0.1', port: 5432 });
    await refusalOf(approve('10.9.9.9', 5432));
  });

  it('refuses a port out of range and reports a name that does not resolve as unreachable', async () => {
    const approve = createDatabaseTargetApprover({ settings: defaultEgressSettings, resolver: resolverOf({}).resolver });
    await refusalOf(approve('db.example.com', 70_000));
    await expect(approve('nowhere.example.com', 5432)).rejects.toMatchObject({ errorCode: 'upstream_unavailable' });
  });
});

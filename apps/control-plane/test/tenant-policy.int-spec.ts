import { TOPICS } from '@causeway/contracts';
import { ControlPlaneHarness } from './support/control-plane-harness';

const POLICY_FIELDS = 'sharedConnections deniedTools auditPayloads redactFields';

describe('tenant access policy', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('policy');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const setPolicy = (input: Record<string, unknown>, token = acme.token) =>
    cp.gql<{ setTenantPolicy: Record<string, unknown> }>(
      `mutation($input: TenantPolicyInput!) { setTenantPolicy(input: $input) { ${POLICY_FIELDS} } }`,
      { input },
      token,
    );

  it('starts with the defaults: shared connections for unattended calls, nothing denied, no payloads recorded', async () => {
    const { tenantPolicy } = await cp.ok<{ tenantPolicy: unknown }>(`{ tenantPolicy { ${POLICY_FIELDS} } }`, {}, acme.token);
    expect(tenantPolicy).toEqual({ sharedConnections: 'UNATTENDED_ONLY', deniedTools: [], auditPayloads: 'NONE', redactFields: [] });
  });

  it('replaces the whole policy, and publishes it with the tenant record and an admin audit event in one transaction', async () => {
    const result = await setPolicy({
      sharedConnections: 'NEVER',
      deniedTools: ['slack.delete_message', 'salesforce.*'],
      auditPayloads: 'REDACTED',
      redactFields: ['ssn'],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.setTenantPolicy).toEqual({
      sharedConnections: 'NEVER',
      deniedTools: ['slack.delete_message', 'salesforce.*'],
      auditPayloads: 'REDACTED',
      redactFields: ['ssn'],
    });

    const rows: {
      topic: string;
      payload: { action?: string; entity?: string; data?: { policy?: unknown }; details?: { before?: unknown; after?: unknown } };
    }[] = await cp.dataSourceQuery(`SELECT topic, payload FROM control_plane.outbox WHERE key = $1 OR payload->>'tenantId' = $1 ORDER BY seq DESC LIMIT 10`, [
      acme.tenantId,
    ]);
    const config = rows.find((r) => r.topic === TOPICS.config && r.payload.entity === 'tenant');
    expect(config?.payload.data?.policy).toEqual({
      sharedConnections: 'never',
      deniedTools: ['slack.delete_message', 'salesforce.*'],
      auditPayloads: 'redacted',
      redactFields: ['ssn'],
    });
    const audit = rows.find((r) => r.topic === TOPICS.audit && r.payload.action === 'tenant.policy_changed');
    expect(audit?.payload.details).toMatchObject({
      before: { policy: { sharedConnections: 'unattended_only' } },
      after: { policy: { sharedConnections: 'never' } },
    });

    // A field left out takes its default again: the input is the whole policy.
    const reset = await setPolicy({ deniedTools: ['github.*'] });
    expect(reset.data?.setTenantPolicy).toEqual({ sharedConnections: 'UNATTENDED_ONLY', deniedTools: ['github.*'], auditPayloads: 'NONE', redactFields: [] });
  });

  it('refuses a malformed tool pattern, naming the field, and changes nothing', async () => {
    await setPolicy({ deniedTools: ['jira.*'] });
    const bad = await setPolicy({ deniedTools: ['slack.post_message', 'not a tool'] });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^deniedTools\.1: a tool id like slack\.post_message/);
    const { tenantPolicy } = await cp.ok<{ tenantPolicy: { deniedTools: string[] } }>('{ tenantPolicy { deniedTools } }', {}, acme.token);
    expect(tenantPolicy.deniedTools).toEqual(['jira.*']);
  });

  it('keeps events for the days the tenant sets (carried to the data plane with the policy), refuses a retention out of range by name, and falls back to the platform default', async () => {
    const kept = await setPolicy({ eventRetentionDays: 30 });
    expect(kept.errors).toBeUndefined();
    const rows: { payload: { entity?: string; data?: { policy?: { eventRetentionDays?: number } } } }[] = await cp.dataSourceQuery(
      `SELECT payload FROM control_plane.outbox WHERE topic = $1 AND key = $2 ORDER BY seq DESC LIMIT 1`,
      [TOPICS.config, acme.tenantId],
    );
    expect(rows[0]?.payload.data?.policy?.eventRetentionDays).toBe(30);

    for (const days of [0, 3651]) {
      const bad = await setPolicy({ eventRetentionDays: days });
      expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(/^eventRetentionDays: /);
    }
    const read = async () =>
      (await cp.ok<{ tenantPolicy: { eventRetentionDays: number | null } }>('{ tenantPolicy { eventRetentionDays } }', {}, acme.token)).tenantPolicy;
    expect(await read()).toEqual({ eventRetentionDays: 30 });
    await setPolicy({ eventRetentionDays: null });
    expect(await read()).toEqual({ eventRetentionDays: null });
  });

  it('lets viewers read the policy but only holders of update:Policy change it', async () => {
    const viewer = await cp.member(acme.token, 'policy', 'viewer');
    expect((await cp.gql(`{ tenantPolicy { sharedConnections } }`, {}, viewer.token)).errors?.[0]?.extensions?.code).toBeUndefined();
    const refused = await setPolicy({ sharedConnections: 'ALWAYS' }, viewer.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps each tenant to its own policy', async () => {
    const other = await cp.tenantWithOwner('policy-other');
    await setPolicy({ auditPayloads: 'REDACTED' }, other.token);
    const { tenantPolicy } = await cp.ok<{ tenantPolicy: { auditPayloads: string } }>('{ tenantPolicy { auditPayloads } }', {}, acme.token);
    expect(tenantPolicy.auditPayloads).toBe('NONE');
  });
});

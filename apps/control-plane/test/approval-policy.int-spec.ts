import { randomBytes } from 'node:crypto';
import type { ConfigEvent } from '@causeway/contracts';
import { eventually } from '@causeway/testing';
import { ControlPlaneHarness } from './support/control-plane-harness';

const SET =
  'mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { approvalTtlSeconds overBudget webhookUrl webhookSecretSet customised requireApproval { sideEffects tools } graduation { successes windowDays } budgets { keyId tool callsPerDay costUnitsPerDay } } }';
const GET = '{ approvalPolicy { customised approvalTtlSeconds webhookSecretSet requireApproval { sideEffects tools connectors keys roles } } }';

/**
 * The approval policy in the control plane: validated field by field, stored with its config
 * event and audit event in one transaction, its webhook secret in the secret store only, in
 * the config snapshot for starting data planes, and visible to its own tenant only.
 */
describe('the approval policy', () => {
  const cp = new ControlPlaneHarness();
  let a: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let b: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  const secret = randomBytes(24).toString('hex');

  beforeAll(async () => {
    await cp.start();
    a = await cp.tenantWithOwner('policy-a');
    b = await cp.tenantWithOwner('policy-b');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  it('is the default (destructive tools wait for a human) until set', async () => {
    expect((await cp.ok<{ approvalPolicy: unknown }>(GET, {}, a.token)).approvalPolicy).toEqual({
      customised: false,
      approvalTtlSeconds: 3600,
      webhookSecretSet: false,
      requireApproval: { sideEffects: ['destructive'], tools: [], connectors: [], keys: [], roles: [] },
    });
  });

  it.each([
    [{ requireApproval: { tools: ['not a tool'] } }, 'requireApproval.tools.0'],
    [{ requireApproval: { sideEffects: ['explosive'] } }, 'requireApproval.sideEffects.0'],
    [{ approvalTtlSeconds: 5 }, 'approvalTtlSeconds'],
    [{ graduation: { successes: 0, windowDays: 30 } }, 'graduation.successes'],
    [{ budgets: [{ tool: 'slack.post_message' }] }, 'budgets.0'],
    [{ overBudget: 'maybe' }, 'overBudget'],
    [{ webhookUrl: 'ftp://example.com/hook', webhookSecret: 'x'.repeat(40) }, 'webhookUrl'],
    [{ webhookUrl: 'https://example.com/hook' }, 'webhookSecret'],
    [{ webhookUrl: 'https://example.com/hook', webhookSecret: 'short' }, 'webhookSecret'],
    [{ slack: { connectionId: '5b0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93', channel: 'C0123ABCD' } }, 'slack.connectionId'],
  ])('refuses %j naming %s, and changes nothing', async (input, field) => {
    const result = await cp.gql(SET, { i: input }, a.token);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field });
    expect((await cp.ok<{ approvalPolicy: { customised: boolean } }>(GET, {}, a.token)).approvalPolicy.customised).toBe(false);
  });

  it('stores a policy with its config event; the webhook secret goes to the secret store, nowhere else', async () => {
    const set = await cp.ok<{ setApprovalPolicy: Record<string, unknown> }>(
      SET,
      {
        i: {
          requireApproval: { tools: ['slack.post_message'], sideEffects: ['destructive'] },
          approvalTtlSeconds: 600,
          graduation: { successes: 3, windowDays: 14 },
          webhookUrl: 'https://hooks.example.com/causeway',
          webhookSecret: secret,
        },
      },
      a.token,
    );
    expect(set.setApprovalPolicy).toMatchObject({
      customised: true,
      approvalTtlSeconds: 600,
      webhookSecretSet: true,
      webhookUrl: 'https://hooks.example.com/causeway',
      graduation: { successes: 3, windowDays: 14 },
    });
    const config = await eventually(() => cp.events.map((e) => e.value as ConfigEvent).find((e) => e.entity === 'policy' && e.tenantId === a.tenantId));
    expect(config).toMatchObject({ entityId: a.tenantId, op: 'upsert', data: { approvalTtlSeconds: 600, webhookSecretSet: true } });
    expect((await cp.secretStore.read(`tenants/${a.tenantId}/approval-webhook`))?.data.secret).toBe(secret);
    expect(cp.everythingObservable()).not.toContain(secret);
    expect(cp.responses.join('\n')).not.toContain(secret);
    await eventually(() => (cp.events.some((e) => (e.value as { action?: string }).action === 'approval_policy.created') ? true : undefined), {
      what: 'the audit event',
    });

    // Keeping the URL keeps the secret; dropping the URL drops it.
    expect(
      (await cp.ok<{ setApprovalPolicy: { webhookSecretSet: boolean } }>(SET, { i: { webhookUrl: 'https://hooks.example.com/causeway' } }, a.token))
        .setApprovalPolicy.webhookSecretSet,
    ).toBe(true);
    expect((await cp.ok<{ setApprovalPolicy: { webhookSecretSet: boolean } }>(SET, { i: {} }, a.token)).setApprovalPolicy.webhookSecretSet).toBe(false);
    expect(await cp.secretStore.read(`tenants/${a.tenantId}/approval-webhook`)).toBeNull();
  });

  it('is in the config snapshot starting data planes read', async () => {
    await cp.ok(SET, { i: { overBudget: 'refuse', budgets: [{ callsPerDay: 10 }] } }, a.token);
    const response = await fetch(`${cp.url}/internal/config/snapshot`, { headers: { authorization: `Bearer ${cp.secrets.internalToken}` } });
    const snapshot = (await response.json()) as { entries: { tenantId: string; entity: string; entityId: string; data: Record<string, unknown> }[] };
    expect(snapshot.entries.find((e) => e.entity === 'policy' && e.tenantId === a.tenantId)).toMatchObject({
      entityId: a.tenantId,
      data: { overBudget: 'refuse', budgets: [{ callsPerDay: 10 }] },
    });
  });

  it("belongs to its tenant: another tenant's admin sees their own default, and viewers cannot change it", async () => {
    expect((await cp.ok<{ approvalPolicy: { customised: boolean } }>(GET, {}, b.token)).approvalPolicy.customised).toBe(false);
    const viewer = await cp.member(a.token, 'policy-a', 'viewer');
    expect((await cp.gql(SET, { i: {} }, viewer.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await cp.ok<{ approvalPolicy: { customised: boolean } }>(GET, {}, viewer.token)).approvalPolicy.customised).toBe(true);
  });

  it('answers UNAVAILABLE for approvals while no data plane is configured', async () => {
    const result = await cp.gql('{ approvals(first: 5) { edges { node { id } } } }', {}, a.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
  });
});

import { approvalPolicySchema, DEFAULT_APPROVAL_POLICY } from '@causeway/contracts';
import { approvalRequiredBy, budgetFor, graduationCountsSince, isGraduated, msUntilNextUtcDay } from './approval-rules';

const KEY = '6f1c1f5e-8f3e-4a57-9d55-2d2b8f0f0a01';
const OTHER = '6f1c1f5e-8f3e-4a57-9d55-2d2b8f0f0a02';
const call = { tool: 'slack.post_message', provider: 'slack', sideEffect: 'write' as const, keyId: KEY };

describe('which calls wait for a human', () => {
  it('holds every destructive tool by default and nothing else', () => {
    expect(approvalRequiredBy(DEFAULT_APPROVAL_POLICY, { ...call, tool: 'slack.delete_message', sideEffect: 'destructive' })).toBe('side_effect:destructive');
    expect(approvalRequiredBy(DEFAULT_APPROVAL_POLICY, call)).toBeUndefined();
    expect(approvalRequiredBy(DEFAULT_APPROVAL_POLICY, { ...call, sideEffect: 'read' })).toBeUndefined();
  });

  it('matches by tool, key, connector or the role of the key creator, naming the rule', () => {
    const policy = (requireApproval: object) => approvalPolicySchema.parse({ requireApproval });
    expect(approvalRequiredBy(policy({ tools: ['slack.post_message'] }), call)).toBe('tool:slack.post_message');
    expect(approvalRequiredBy(policy({ keys: [KEY] }), call)).toBe(`key:${KEY}`);
    expect(approvalRequiredBy(policy({ keys: [OTHER] }), call)).toBeUndefined();
    expect(approvalRequiredBy(policy({ connectors: ['slack'] }), call)).toBe('connector:slack');
    expect(approvalRequiredBy(policy({ roles: ['developer'] }), { ...call, creatorRole: 'developer' })).toBe('role:developer');
    expect(approvalRequiredBy(policy({ roles: ['developer'] }), { ...call, creatorRole: 'admin' })).toBeUndefined();
    // An explicit empty requirement turns approvals off, destructive tools included.
    expect(approvalRequiredBy(policy({}), { ...call, sideEffect: 'destructive' })).toBeUndefined();
  });
});

describe('budgets', () => {
  const policy = approvalPolicySchema.parse({
    budgets: [
      { callsPerDay: 1000 },
      { tool: 'slack.post_message', callsPerDay: 100 },
      { keyId: KEY, callsPerDay: 50 },
      { keyId: KEY, tool: 'slack.post_message', costUnitsPerDay: 5 },
    ],
  });

  it('applies the most specific budget: key and tool, key, tool, then the tenant-wide one', () => {
    expect(budgetFor(policy, KEY, 'slack.post_message')).toEqual({ keyId: KEY, tool: 'slack.post_message', costUnitsPerDay: 5 });
    expect(budgetFor(policy, KEY, 'slack.list_channels')).toEqual({ keyId: KEY, callsPerDay: 50 });
    expect(budgetFor(policy, OTHER, 'slack.post_message')).toEqual({ tool: 'slack.post_message', callsPerDay: 100 });
    expect(budgetFor(policy, OTHER, 'jira.search_issues')).toEqual({ callsPerDay: 1000 });
    expect(budgetFor(DEFAULT_APPROVAL_POLICY, KEY, 'slack.post_message')).toBeUndefined();
  });

  it('refuses a budget that caps nothing', () => {
    expect(approvalPolicySchema.safeParse({ budgets: [{ keyId: KEY }] }).success).toBe(false);
  });

  it('starts again at the next UTC midnight', () => {
    expect(msUntilNextUtcDay(new Date('2026-11-22T23:59:59.000Z'))).toBe(1000);
    expect(msUntilNextUtcDay(new Date('2026-11-22T00:00:00.000Z'))).toBe(86_400_000);
  });
});

describe('progressive trust', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('counts successes inside the window, or since the last incident when that is later', () => {
    expect(graduationCountsSince(now, 30, null)).toEqual(new Date('2026-10-23T12:00:00Z'));
    expect(graduationCountsSince(now, 30, new Date('2026-11-20T00:00:00Z'))).toEqual(new Date('2026-11-20T00:00:00Z'));
    expect(graduationCountsSince(now, 30, new Date('2026-01-01T00:00:00Z'))).toEqual(new Date('2026-10-23T12:00:00Z'));
  });

  it('keeps a graduated key trusted until an incident after its graduation', () => {
    expect(isGraduated(undefined)).toBe(false);
    expect(isGraduated({ graduatedAt: now, lastIncidentAt: null })).toBe(true);
    expect(isGraduated({ graduatedAt: now, lastIncidentAt: new Date(now.getTime() - 1) })).toBe(true);
    expect(isGraduated({ graduatedAt: now, lastIncidentAt: new Date(now.getTime() + 1) })).toBe(false);
    expect(isGraduated({ graduatedAt: null, lastIncidentAt: null })).toBe(false);
  });
});

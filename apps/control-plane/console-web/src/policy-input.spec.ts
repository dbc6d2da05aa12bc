import { approvalPolicyInput, optionalCount, type ApprovalPolicyView } from './policy-input';

describe('saving one part of the approval policy', () => {
  const current: ApprovalPolicyView = {
    approvalTtlSeconds: 900,
    overBudget: 'refuse',
    requireApproval: { sideEffects: ['destructive'], connectors: ['jira'], tools: [], keys: ['k1'], roles: [] },
    graduation: { successes: 3, windowDays: 7 },
    budgets: [{ keyId: null, tool: 'slack.post_message', callsPerDay: 10, costUnitsPerDay: null }],
    webhookUrl: 'https://hooks.example.com/approvals',
    slack: { connectionId: 'c1', channel: '#approvals' },
  };

  it('keeps every part it does not change, the webhook and Slack channel included', () => {
    const input = approvalPolicyInput(current, { budgets: [] });
    expect(input).toEqual({ ...current, budgets: [] });
  });

  it('turns progressive trust off with null and changes nothing else', () => {
    const input = approvalPolicyInput(current, { graduation: null });
    expect(input.graduation).toBeNull();
    expect(input.requireApproval).toEqual(current.requireApproval);
    expect(input.budgets).toEqual(current.budgets);
  });

  it('sends no webhook secret unless a new one is typed, so the stored one is kept', () => {
    expect(Object.keys(approvalPolicyInput(current, {}))).not.toContain('webhookSecret');
    expect(approvalPolicyInput(current, { webhookSecret: 'a-new-secret' }).webhookSecret).toBe('a-new-secret');
  });

  it('reads an empty limit field as no limit and a number as that count', () => {
    expect(optionalCount('  ')).toBeNull();
    expect(optionalCount('')).toBeNull();
    expect(optionalCount(25)).toBe(25);
    expect(optionalCount('0')).toBe(0);
  });
});

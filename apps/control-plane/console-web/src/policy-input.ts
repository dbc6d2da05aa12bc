/**
 * setApprovalPolicy replaces the whole policy, and omitted fields fall back to their defaults.
 * The Policies page edits one part at a time, so each save starts from the policy as read and
 * changes only that part: nothing the admin did not touch (a webhook, a Slack channel, another
 * part's rules) is lost. The webhook secret is write-only: leaving it out keeps the stored one.
 */
export interface ApprovalPolicyView {
  approvalTtlSeconds: number;
  overBudget: string;
  requireApproval: {
    sideEffects: readonly string[];
    connectors: readonly string[];
    tools: readonly string[];
    keys: readonly string[];
    roles: readonly string[];
  };
  graduation: { successes: number; windowDays: number } | null;
  budgets: readonly BudgetView[];
  webhookUrl: string | null;
  slack: { connectionId: string; channel: string } | null;
}

export interface BudgetView {
  keyId: string | null;
  tool: string | null;
  callsPerDay: number | null;
  costUnitsPerDay: number | null;
}

export interface ApprovalPolicyInputValue {
  approvalTtlSeconds: number;
  overBudget: string;
  requireApproval: { sideEffects: string[]; connectors: string[]; tools: string[]; keys: string[]; roles: string[] };
  graduation: { successes: number; windowDays: number } | null;
  budgets: BudgetView[];
  webhookUrl: string | null;
  /** Write-only; sent only when the admin typed a new one. */
  webhookSecret?: string;
  slack: { connectionId: string; channel: string } | null;
}

export function approvalPolicyInput(current: ApprovalPolicyView, change: Partial<ApprovalPolicyInputValue>): ApprovalPolicyInputValue {
  const { requireApproval: r } = current;
  return {
    approvalTtlSeconds: current.approvalTtlSeconds,
    overBudget: current.overBudget,
    requireApproval: { sideEffects: [...r.sideEffects], connectors: [...r.connectors], tools: [...r.tools], keys: [...r.keys], roles: [...r.roles] },
    graduation: current.graduation ? { successes: current.graduation.successes, windowDays: current.graduation.windowDays } : null,
    budgets: current.budgets.map((b) => ({ keyId: b.keyId, tool: b.tool, callsPerDay: b.callsPerDay, costUnitsPerDay: b.costUnitsPerDay })),
    webhookUrl: current.webhookUrl,
    slack: current.slack ? { connectionId: current.slack.connectionId, channel: current.slack.channel } : null,
    ...change,
  };
}

/** A number input's value (a number, or '' when left empty) as a limit: null for no limit. */
export function optionalCount(value: number | string): number | null {
  if (typeof value === 'number') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : Number(trimmed);
}

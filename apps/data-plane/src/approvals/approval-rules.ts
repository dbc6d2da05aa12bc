import type { ApprovalBudget, ApprovalPolicy } from '@causeway/contracts';

export interface CallFacts {
  tool: string;
  provider: string;
  sideEffect: 'read' | 'write' | 'destructive';
  keyId: string;
  /** The role of the key's creator in the tenant, when known. */
  creatorRole?: string;
}

/** The first rule of the policy that makes this call wait for a human, named for the audit trail; undefined when none does. */
export function approvalRequiredBy(policy: ApprovalPolicy, call: CallFacts): string | undefined {
  const r = policy.requireApproval;
  if (r.tools.includes(call.tool)) return `tool:${call.tool}`;
  if (r.keys.includes(call.keyId)) return `key:${call.keyId}`;
  if (r.connectors.includes(call.provider)) return `connector:${call.provider}`;
  if (r.sideEffects.includes(call.sideEffect)) return `side_effect:${call.sideEffect}`;
  if (call.creatorRole && r.roles.includes(call.creatorRole)) return `role:${call.creatorRole}`;
  return undefined;
}

/** The budget that applies to a key on a tool: key and tool, then key, then tool, then the tenant-wide one. */
export function budgetFor(policy: ApprovalPolicy, keyId: string, tool: string): ApprovalBudget | undefined {
  const rank = (b: ApprovalBudget) => (b.keyId === keyId ? 2 : 0) + (b.tool === tool ? 1 : 0);
  const applicable = policy.budgets.filter((b) => (b.keyId === undefined || b.keyId === keyId) && (b.tool === undefined || b.tool === tool));
  return applicable.sort((a, b) => rank(b) - rank(a))[0];
}

/** Since when human-approved successes count towards graduation: the window, or the last incident if later. */
export function graduationCountsSince(now: Date, windowDays: number, lastIncidentAt: Date | null): Date {
  const windowStart = new Date(now.getTime() - windowDays * 86_400_000);
  return lastIncidentAt && lastIncidentAt > windowStart ? lastIncidentAt : windowStart;
}

/** A graduated key stays trusted until its next incident. */
export function isGraduated(trust: { graduatedAt: Date | null; lastIncidentAt: Date | null } | undefined): boolean {
  return Boolean(trust?.graduatedAt && (!trust.lastIncidentAt || trust.lastIncidentAt < trust.graduatedAt));
}

/** Milliseconds until the next UTC midnight, when daily budgets start again. */
export function msUntilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

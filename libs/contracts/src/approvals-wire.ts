import { z } from 'zod';

/*
 * The approvals API between the services: the data plane keeps approvals (it consumes them
 * atomically on the call path) and serves them on `/internal/tenants/{tenantId}/…` with the
 * service token; the control plane lists, reads and decides them through it for its GraphQL
 * API. Both sides build on these shapes, so a field added on one side is seen on the other.
 */

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'executing', 'executed'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** An approval as the data plane answers it (to the control plane, to the agent, in notifications). */
export interface ApprovalWire {
  id: string;
  status: ApprovalStatus;
  tool: string;
  connectionId: string;
  onBehalfOf: string | null;
  keyId: string;
  keyName: string;
  /** The rule that required it (`side_effect:destructive`, `budget:calls`, …). */
  reason: string;
  inputHash: string;
  /** The call's input: for the tenant's approvers only, never sent to the agent or a notification. */
  input?: Record<string, unknown>;
  /** ISO 8601 times. */
  requestedAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
  executedAt: string | null;
  /** `success` or the error code of the execution. */
  executionOutcome: string | null;
  /** The stored response of an executed approval. */
  result?: { status: number; body: unknown };
}

/** `GET …/approvals?status=&first=&after=`: newest first. */
export const approvalListQuerySchema = z.strictObject({
  status: z.enum(APPROVAL_STATUSES).optional(),
  first: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional(),
});
export type ApprovalListQuery = z.input<typeof approvalListQuerySchema>;

export interface ApprovalPageWire {
  edges: { cursor: string; node: ApprovalWire }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** `POST …/approvals/{id}/decision`: who decided (the control plane's signed-in user) and how. */
export const approvalDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  userId: z.string().min(1).max(200),
  userLabel: z.string().max(320).optional(),
  note: z.string().max(2000).nullish(),
});
export type ApprovalDecisionWire = z.input<typeof approvalDecisionSchema>;

/** One answer of `GET` / `POST` on a single approval. */
export interface ApprovalAnswerWire {
  approval: ApprovalWire;
}

/** `GET …/keys/{keyId}/usage?days=`: a key's calls and cost units per tool per UTC day. */
export interface KeyUsageWire {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  tool: string;
  calls: number;
  costUnits: number;
}

export interface KeyUsageAnswerWire {
  usage: KeyUsageWire[];
}

/** `GET …/keys/{keyId}/trust`: a key's progressive trust on each tool it has asked approval for. */
export interface KeyTrustWire {
  tool: string;
  /** Whether the key currently acts alone on the tool (graduated, no incident since). */
  graduated: boolean;
  graduatedAt: string | null;
  /** Human-approved successful executions that count toward graduation now; null while graduation is off. */
  approvedSuccesses: number | null;
  lastIncidentAt: string | null;
  /** What the last incident was (a rejection, a failed execution), or null. */
  lastIncident: string | null;
}

export interface KeyTrustAnswerWire {
  trust: KeyTrustWire[];
}

/** The internal API's paths, relative to the data plane's base URL. */
export const INTERNAL_APPROVALS_API = {
  list: (tenantId: string) => `/internal/tenants/${tenantId}/approvals`,
  one: (tenantId: string, approvalId: string) => `/internal/tenants/${tenantId}/approvals/${approvalId}`,
  decision: (tenantId: string, approvalId: string) => `/internal/tenants/${tenantId}/approvals/${approvalId}/decision`,
  keyUsage: (tenantId: string, keyId: string) => `/internal/tenants/${tenantId}/keys/${keyId}/usage`,
  keyTrust: (tenantId: string, keyId: string) => `/internal/tenants/${tenantId}/keys/${keyId}/trust`,
} as const;

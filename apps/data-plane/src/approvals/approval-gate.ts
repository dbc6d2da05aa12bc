import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ActionDefinition } from '@causeway/connectors';
import { TOPICS, type ApprovalPolicy, type AuditActor, type AuditEvent, type ErrorCode, type KeyTrustWire } from '@causeway/contracts';
import type { Logger } from '@causeway/observability';
import { AppError } from '@causeway/platform';
import { requestHash } from '@causeway/resilience';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { CallAuditSink } from '../call-audit/call-audit';
import type { ApprovalRow, ApprovalStatus } from './approval.entities';
import type { ApprovalNotifier, ApprovalEventType } from './approval-notifier';
import { approvalRequiredBy, budgetFor, graduationCountsSince, isGraduated, msUntilNextUtcDay } from './approval-rules';
import type { ApprovalStore } from './approval-store';
import { approvalView } from './approval-view';
import { Counter, type Registry } from 'prom-client';
import { METRIC_NAMES } from '@causeway/observability';

/** What the agent is told when its call waits for a human (the body of REST's 202). */
export interface PendingApproval {
  id: string;
  status: 'pending';
  expiresAt: string;
  reason: string;
}

export interface GateInput {
  principal: AgentPrincipal;
  tool: string;
  provider: string;
  action: Pick<ActionDefinition, 'sideEffect' | 'costUnits'>;
  connectionId: string;
  onBehalfOf?: string;
  input: Record<string, unknown>;
  approvalId?: string;
  callbackUrl?: string;
  requestId: string;
}

/** A call the gate let through; `settle` must be called with how it ended. */
export interface GateTicket {
  tenantId: string;
  keyId: string;
  tool: string;
  /** The approval this call executes, when it executes one. */
  approvalId?: string;
  /** The rule that let it through without a human (`trust:graduated`), for the audit trail. */
  autoRule?: string;
  /** What the call counted against the key's budget, given back if it is not made after all. */
  budget?: { day: string; cost: number };
}

export type GateDecision =
  { kind: 'proceed'; ticket: GateTicket } | { kind: 'pending'; approval: PendingApproval } | { kind: 'replay'; response: { status: number; body: unknown } };

export type DecisionActor = { userId: string; label?: string };

const POLL_MS = 250;
/** Far past any call's deadline (30 s by default) and its lease margin. */
const STALE_EXECUTION_SECONDS = 600;
const MAX_WAIT_MS = 30_000;

/**
 * What the gate reads of the tenant's configuration: the config view, the data plane's one
 * consumer of the config stream.
 */
export interface ApprovalPolicySource {
  /** The tenant's approval policy, or the default. */
  policyOf(tenantId: string): ApprovalPolicy;
  /** The user who created the key, within that tenant only. */
  keyCreator(tenantId: string, keyId: string): string | undefined;
  /** The role name of a member of the tenant. */
  roleOf(tenantId: string, userId: string): string | undefined;
}

/**
 * Decides, per agent call, whether it runs, waits for a human or is refused, and keeps every
 * approval's life: created bound to the exact call, decided once by someone other than the
 * key's creator, executed once (the re-send with `Approval-Id` claims it), expired on time.
 * Progressive trust and daily budgets are decided here too, and every automatic decision is
 * audited with the rule that made it.
 */
export class ApprovalGate {
  private readonly changes = new EventEmitter();

  constructor(
    private readonly store: ApprovalStore,
    private readonly policies: ApprovalPolicySource,
    private readonly audit: CallAuditSink,
    private readonly notifier: ApprovalNotifier,
    private readonly logger: Logger,
    registry?: Registry,
  ) {
    this.changes.setMaxListeners(0);
    this.events = registry
      ? new Counter({
          name: METRIC_NAMES.approvalEvents,
          help: 'Approval steps: requested, approved, rejected, expired, executed, auto_approved, trust_graduated, trust_demoted, budget_refused',
          labelNames: ['event'],
          registers: [registry],
        })
      : undefined;
  }

  private readonly events?: Counter<'event'>;

  async evaluate(call: GateInput): Promise<GateDecision> {
    const { principal } = call;
    const tenantId = principal.tenantId;
    const policy = this.policies.policyOf(tenantId);
    // Hashed only when an approval is involved: most calls never need it.
    const inputHash = () => requestHash({ tool: call.tool, connectionId: call.connectionId, input: call.input });
    const base = { tenantId, keyId: principal.keyId, tool: call.tool };

    if (call.approvalId) return this.executeApproved(call, inputHash());

    const creator = this.policies.keyCreator(tenantId, principal.keyId);
    const required = approvalRequiredBy(policy, {
      tool: call.tool,
      provider: call.provider,
      sideEffect: call.action.sideEffect,
      keyId: principal.keyId,
      creatorRole: creator ? this.policies.roleOf(tenantId, creator) : undefined,
    });
    let autoRule: string | undefined;
    let counted: string | undefined;
    const cost = call.action.costUnits ?? 0;
    if (required) {
      autoRule = policy.graduation ? await this.trusted(base, policy.graduation, call.requestId) : undefined;
      if (!autoRule) return { kind: 'pending', approval: await this.request(call, inputHash(), required, creator) };
    }

    const budget = budgetFor(policy, principal.keyId, call.tool);
    if (budget) {
      counted = await this.store.takeBudget(tenantId, principal.keyId, call.tool, cost, { calls: budget.callsPerDay, costUnits: budget.costUnitsPerDay });
      if (!counted) {
        const rule = `budget:${budget.callsPerDay !== undefined ? `${budget.callsPerDay} calls` : ''}${budget.callsPerDay !== undefined && budget.costUnitsPerDay !== undefined ? ', ' : ''}${budget.costUnitsPerDay !== undefined ? `${budget.costUnitsPerDay} cost units` : ''} per day`;
        if (policy.overBudget === 'approval') return { kind: 'pending', approval: await this.request(call, inputHash(), rule, creator) };
        await this.publish(
          tenantId,
          { type: 'api_key', id: principal.keyId, label: principal.keyName },
          'approval.budget_refused',
          'denied',
          { type: 'tool', id: call.tool },
          { rule },
          call.requestId,
        );
        throw new AppError('budget_exhausted', `this key's daily budget for ${call.tool} is used up (${rule})`, {
          retryAfterMs: msUntilNextUtcDay(new Date()),
        });
      }
    } else if (policy.budgets.length > 0 || autoRule) {
      // Usage is counted once the tenant budgets anything (or trust acts alone), so keyUsage
      // shows it; a tenant without budgets keeps the database off its hot path.
      counted = await this.store.takeBudget(tenantId, principal.keyId, call.tool, cost, {}, true);
    }
    return { kind: 'proceed', ticket: { ...base, ...(autoRule ? { autoRule } : {}), ...(counted ? { budget: { day: counted, cost } } : {}) } };
  }

  /**
   * How a let-through call ended. A call that never reached the upstream, or that the upstream
   * refused with 429, was not executed: its approval stays usable. Any other failure of an
   * approved or trusted call is an incident and demotes the key for the tool.
   */
  async settle(
    ticket: GateTicket,
    outcome: { ok: boolean; code?: ErrorCode; reachedUpstream: boolean; response?: { status: number; body: unknown } },
  ): Promise<void> {
    try {
      // The upstream refused it outright (429: nothing was done) or it never got there: not an
      // execution — the approval stays usable and trust is untouched.
      const notExecuted = !outcome.ok && (!outcome.reachedUpstream || outcome.code === 'upstream_rate_limited');
      if (notExecuted) {
        if (ticket.approvalId) await this.store.release(ticket.tenantId, ticket.approvalId);
        if (ticket.budget) await this.store.refundBudget(ticket.tenantId, ticket.keyId, ticket.tool, ticket.budget.day, ticket.budget.cost);
        return;
      }
      if (ticket.approvalId) {
        await this.store.settle(
          ticket.tenantId,
          ticket.approvalId,
          outcome.ok ? 'success' : (outcome.code ?? 'internal'),
          outcome.response ?? { status: 500, body: null },
        );
        const row = await this.store.get(ticket.tenantId, ticket.approvalId);
        if (row) {
          await this.publish(
            ticket.tenantId,
            { type: 'api_key', id: row.keyId, label: row.keyName },
            'approval.executed',
            outcome.ok ? 'success' : 'failed',
            { type: 'approval', id: row.id },
            { tool: row.tool, ...(outcome.code ? { errorCode: outcome.code } : {}) },
            row.correlationId ?? undefined,
          );
          this.changed(row);
          this.notifier.notify('approval.executed', row, this.policies.policyOf(ticket.tenantId));
        }
      }
      if (!outcome.ok && (ticket.approvalId || ticket.autoRule))
        await this.incident(ticket.tenantId, ticket.keyId, ticket.tool, `failed:${outcome.code ?? 'internal'}`);
    } catch (error) {
      this.logger.error({ err: String(error), approvalId: ticket.approvalId }, 'could not settle an approval');
    }
  }

  /** pending → approved | rejected by a human of the tenant who did not create the requesting key. */
  async decide(tenantId: string, id: string, decision: 'approve' | 'reject', actor: DecisionActor, note: string | null): Promise<ApprovalRow> {
    await this.expire(tenantId, id);
    const current = await this.store.get(tenantId, id);
    if (!current) throw new AppError('not_found', 'no such approval in this tenant', { field: 'id' });
    // Separation of duties: the key's creator (whose key it is) and the end user the call is for
    // may not approve it; someone else must.
    // Fail closed: a creator unknown when the call was held is looked up again, and if still
    // unknown nobody can be shown not to be them.
    const creator = current.keyCreatedBy ?? this.policies.keyCreator(tenantId, current.keyId);
    if (!creator)
      throw new AppError('forbidden', "the key's creator is not known yet, so separation of duties cannot be checked; try again shortly", { field: 'id' });
    if (creator === actor.userId)
      throw new AppError('forbidden', 'you created the key that asked for this approval: another approver must decide', { field: 'id' });
    if (current.onBehalfOf && current.onBehalfOf === actor.userId)
      throw new AppError('forbidden', 'this call acts on your behalf: another approver must decide', { field: 'id' });
    const policy = this.policies.policyOf(tenantId);
    const decided = await this.store.decide(tenantId, id, decision === 'approve' ? 'approved' : 'rejected', actor.userId, note, policy.approvalTtlSeconds);
    if (!decided) {
      const now = await this.store.get(tenantId, id);
      if (now?.status === 'expired') throw new AppError('approval_expired', 'this approval expired before it was decided', { field: 'id' });
      throw new AppError('conflict', `this approval is already ${now?.status ?? 'gone'}`, { field: 'id' });
    }
    const verb: ApprovalEventType = decision === 'approve' ? 'approval.approved' : 'approval.rejected';
    await this.publish(
      tenantId,
      { type: 'user', id: actor.userId, ...(actor.label ? { label: actor.label } : {}) },
      verb,
      'success',
      { type: 'approval', id },
      { tool: decided.tool, keyId: decided.keyId, reason: decided.reason, ...(note ? { note } : {}) },
    );
    if (decision === 'reject') await this.incident(tenantId, decided.keyId, decided.tool, 'rejected');
    this.changed(decided);
    this.notifier.notify(verb, decided, policy);
    return decided;
  }

  async get(tenantId: string, id: string): Promise<ApprovalRow | undefined> {
    await this.expire(tenantId, id);
    return this.store.get(tenantId, id);
  }

  async list(tenantId: string, opts: { status?: ApprovalStatus; first: number; after?: { at: Date; id: string } }) {
    await this.expire(tenantId);
    return this.store.list(tenantId, opts);
  }

  usage(tenantId: string, keyId: string, days: number) {
    return this.store.usage(tenantId, keyId, days);
  }

  /**
   * The key's trust on each tool, read with the same rules the call path applies
   * (isGraduated, graduationCountsSince), so what an admin sees is what the next call meets.
   */
  async keyTrust(tenantId: string, keyId: string): Promise<KeyTrustWire[]> {
    const graduation = this.policies.policyOf(tenantId).graduation;
    const now = new Date();
    const tools = await this.store.trustOfKey(tenantId, keyId);
    return Promise.all(
      tools.map(async (t) => ({
        tool: t.tool,
        graduated: isGraduated(t),
        graduatedAt: t.graduatedAt?.toISOString() ?? null,
        approvedSuccesses: graduation
          ? await this.store.approvedSuccessesSince(tenantId, keyId, t.tool, graduationCountsSince(now, graduation.windowDays, t.lastIncidentAt))
          : null,
        lastIncidentAt: t.lastIncidentAt?.toISOString() ?? null,
        lastIncident: t.lastIncident,
      })),
    );
  }

  /**
   * Long poll: resolves as soon as the approval leaves `pending` (decided here, or seen by
   * polling the database when another replica decided it), or after `waitMs`.
   */
  async waitFor(tenantId: string, id: string, waitMs: number): Promise<ApprovalRow | undefined> {
    const deadline = Date.now() + Math.min(Math.max(0, waitMs), MAX_WAIT_MS);
    for (;;) {
      const row = await this.get(tenantId, id);
      if (!row || row.status !== 'pending' || Date.now() >= deadline) return row;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.changes.off(id, done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(POLL_MS * 4, Math.max(0, deadline - Date.now())));
        this.changes.on(id, done);
      });
    }
  }

  /** An execution interrupted by a replica's death (executing for longer than any call may run) becomes `executed` with outcome `unknown`, audited. */
  async abandonStale(staleSeconds = STALE_EXECUTION_SECONDS): Promise<void> {
    for (const row of await this.store.abandonStale(staleSeconds)) {
      await this.publish(
        row.tenantId,
        { type: 'system', id: 'approvals' },
        'approval.executed',
        'failed',
        { type: 'approval', id: row.id },
        { tool: row.tool, keyId: row.keyId, errorCode: 'unknown' },
      );
      this.changed(row);
    }
  }

  /** Expires what is due (all tenants when called without arguments) and audits each expiry once. */
  async expire(tenantId?: string, id?: string): Promise<void> {
    const expired = await this.store.expireDue(tenantId, id);
    for (const row of expired) {
      await this.publish(
        row.tenantId,
        { type: 'system', id: 'approvals' },
        'approval.expired',
        'failed',
        { type: 'approval', id: row.id },
        { tool: row.tool, keyId: row.keyId },
      );
      this.changed(row);
      this.notifier.notify('approval.expired', row, this.policies.policyOf(row.tenantId));
    }
  }

  private async executeApproved(call: GateInput, inputHash: string): Promise<GateDecision> {
    const { principal } = call;
    const tenantId = principal.tenantId;
    const id = call.approvalId!;
    await this.expire(tenantId, id);
    const row = await this.store.get(tenantId, id);
    // Same answer for another tenant's approval as for none at all.
    if (!row) throw new AppError('not_found', 'no such approval for this key', { field: 'Approval-Id' });
    const mismatch =
      row.keyId !== principal.keyId
        ? 'key'
        : row.tool !== call.tool
          ? 'tool'
          : row.connectionId !== call.connectionId
            ? 'connectionId'
            : (row.onBehalfOf ?? undefined) !== call.onBehalfOf
              ? 'onBehalfOf'
              : row.inputHash !== inputHash
                ? 'input'
                : undefined;
    if (mismatch === 'key') throw new AppError('not_found', 'no such approval for this key', { field: 'Approval-Id' });
    if (mismatch)
      throw new AppError(
        'approval_mismatch',
        `this call differs from the approved one (${mismatch}): send exactly the approved call, or request a new approval without Approval-Id`,
        { field: mismatch === 'input' ? 'input' : mismatch },
      );
    const base = { tenantId, keyId: row.keyId, tool: row.tool };
    for (let tries = 0; tries < 2; tries += 1) {
      const current = tries === 0 ? row : await this.store.get(tenantId, id);
      switch (current?.status) {
        case 'pending':
          throw new AppError('approval_pending', `approval ${id} is still waiting for a human; poll GET /v1/approvals/${id}?waitMs=30000`, {
            retryAfterMs: 5000,
          });
        case 'rejected':
          throw new AppError('approval_rejected', `approval ${id} was rejected${current.note ? `: ${current.note}` : ''}`);
        case 'expired':
          throw new AppError('approval_expired', `approval ${id} expired; call again without Approval-Id to request a new one`);
        case 'executing':
          throw new AppError('idempotency_in_flight', `approval ${id} is being executed; repeat this call shortly to get its result`, { retryAfterMs: 1000 });
        case 'executed':
          return { kind: 'replay', response: current.result ?? { status: 500, body: null } };
        case 'approved': {
          const claimed = await this.store.claim(tenantId, id);
          if (!claimed) continue;
          // A human approved it: it counts against the budget, even past the cap.
          const cost = call.action.costUnits ?? 0;
          const day = await this.store.takeBudget(tenantId, row.keyId, row.tool, cost, {}, true);
          return { kind: 'proceed', ticket: { ...base, approvalId: id, ...(day ? { budget: { day, cost } } : {}) } };
        }
        default:
          break;
      }
    }
    throw new AppError('idempotency_in_flight', `approval ${id} is being executed; repeat this call shortly to get its result`, { retryAfterMs: 1000 });
  }

  private async request(call: GateInput, inputHash: string, reason: string, creator: string | undefined): Promise<PendingApproval> {
    const { principal } = call;
    const policy = this.policies.policyOf(principal.tenantId);
    const existing = await this.store.findPending({
      tenantId: principal.tenantId,
      keyId: principal.keyId,
      tool: call.tool,
      connectionId: call.connectionId,
      onBehalfOf: call.onBehalfOf ?? null,
      inputHash,
    });
    if (existing) return { id: existing.id, status: 'pending', expiresAt: existing.expiresAt.toISOString(), reason: existing.reason };
    const row = await this.store.create(
      {
        tenantId: principal.tenantId,
        keyId: principal.keyId,
        keyName: principal.keyName,
        keyCreatedBy: creator ?? null,
        tool: call.tool,
        connectionId: call.connectionId,
        onBehalfOf: call.onBehalfOf ?? null,
        inputHash,
        input: call.input,
        reason,
        callbackUrl: call.callbackUrl ?? null,
        correlationId: call.requestId,
      },
      policy.approvalTtlSeconds,
    );
    await this.publish(
      principal.tenantId,
      { type: 'api_key', id: principal.keyId, label: principal.keyName },
      'approval.requested',
      'pending',
      { type: 'approval', id: row.id },
      { tool: call.tool, rule: reason, connectionId: call.connectionId },
      call.requestId,
    );
    this.notifier.notify('approval.requested', row, policy);
    return { id: row.id, status: 'pending', expiresAt: row.expiresAt.toISOString(), reason };
  }

  /** The key's trust on the tool: the rule that lets it act alone, or undefined. Graduating is audited. */
  private async trusted(
    base: { tenantId: string; keyId: string; tool: string },
    graduation: { successes: number; windowDays: number },
    requestId: string,
  ): Promise<string | undefined> {
    const rule = `trust:graduated after ${graduation.successes} approved successes in ${graduation.windowDays} days`;
    const trust = await this.store.trust(base.tenantId, base.keyId, base.tool);
    if (isGraduated(trust)) {
      await this.publish(
        base.tenantId,
        { type: 'system', id: 'approvals' },
        'approval.auto_approved',
        'success',
        { type: 'tool', id: base.tool },
        { keyId: base.keyId, rule },
        requestId,
      );
      return rule;
    }
    const since = graduationCountsSince(new Date(), graduation.windowDays, trust?.lastIncidentAt ?? null);
    const successes = await this.store.approvedSuccessesSince(base.tenantId, base.keyId, base.tool, since);
    if (successes < graduation.successes) return undefined;
    await this.store.graduate(base.tenantId, base.keyId, base.tool);
    await this.publish(
      base.tenantId,
      { type: 'system', id: 'approvals' },
      'approval.trust_graduated',
      'success',
      { type: 'api_key', id: base.keyId },
      { tool: base.tool, rule, successes },
      requestId,
    );
    await this.publish(
      base.tenantId,
      { type: 'system', id: 'approvals' },
      'approval.auto_approved',
      'success',
      { type: 'tool', id: base.tool },
      { keyId: base.keyId, rule },
      requestId,
    );
    return rule;
  }

  private async incident(tenantId: string, keyId: string, tool: string, what: string): Promise<void> {
    const demoted = await this.store.incident(tenantId, keyId, tool, what);
    if (demoted)
      await this.publish(
        tenantId,
        { type: 'system', id: 'approvals' },
        'approval.trust_demoted',
        'success',
        { type: 'api_key', id: keyId },
        { tool, rule: `demoted on ${what}` },
      );
  }

  private changed(row: ApprovalRow) {
    this.changes.emit(row.id);
  }

  private async publish(
    tenantId: string,
    actor: AuditActor,
    action: string,
    outcome: AuditEvent['outcome'],
    target: { type: string; id: string },
    details: Record<string, unknown>,
    correlationId?: string,
  ) {
    this.events?.inc({ event: action.replace(/^approval\./, '') });
    const event: AuditEvent = {
      id: randomUUID(),
      specVersion: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor,
      action,
      outcome,
      target,
      ...(correlationId ? { correlationId } : {}),
      ...(typeof details.tool === 'string' ? { tool: details.tool } : target.type === 'tool' ? { tool: target.id } : {}),
      details,
    };
    await this.audit.publish([{ topic: TOPICS.audit, key: tenantId, value: event, headers: { 'event-id': event.id } }]);
  }
}

export { approvalView };

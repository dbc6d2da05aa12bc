import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ActionDefinition, ProviderDefinition, Credential } from '@causeway/connectors';
import { annotateActiveSpan, inSpan, setSpanAttributes } from '@causeway/observability';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { ActionRequest } from '../actions/action-request';
import type { CallMetrics } from '../actions/call-metrics';
import type { EngineFor } from '../actions/engine-for';
import { ApprovalGate, type GateTicket } from '../approvals/approval-gate';
import type { CallAuditSink } from '../call-audit/call-audit';
import type { CallIntentJournal } from '../call-audit/call-intents';
import { ConfigView } from '../config-view/config-view';
import { selectConnection, type SelectedConnection } from '../connections/connection-selector';
import type { CredentialProvider } from '../credentials/credential-provider';
import type { CallGuards } from '../limits/call-guards';
import { CALL_AUDIT_SINK, CALL_GUARDS, CALL_INTENTS, CALL_METRICS, CREDENTIALS, ENGINE_FOR } from '../tokens';
import { actionAdmission, Admission, type AdmissionChecks } from './admit';
import { approve } from './approve';
import { CallTrail } from './audited';
import { authorize } from './authorize';
import { CallError, expectedFailure } from './call-error';
import { failed, type CallResult, type CallSuccess } from './call-result';
import { IdempotentWrites, type AgentRequest, type IdempotencyClaim } from './idempotent';
import { UpstreamCaller, type Send } from './upstream-caller';

export interface CallContext {
  principal: AgentPrincipal;
  tool: string;
  request: ActionRequest;
  requestId: string;
  workflowRunId?: string;
  idempotencyKey?: string;
  /** Executes this approved approval (REST `Approval-Id`, MCP `_causeway.approvalId`); the call must be the approved one. */
  approvalId?: string;
  explain: boolean;
  /** Per-call deadline; defaults to the pipeline's. */
  deadlineMs?: number;
}

/**
 * What the stages after authorisation need to know of one call, whichever surface it came
 * from: a catalog action (REST, MCP) or a proxied request.
 */
export interface CallPlan {
  provider: ProviderDefinition;
  /** Side effect and cost, for approval rules, budgets, retries and idempotency. */
  action: Pick<ActionDefinition, 'sideEffect' | 'costUnits'>;
  /** The name approvals, budgets and trust are kept under (the tool, or `{provider}.proxy`). */
  tool: string;
  /** What the agent sent, for approvals and the idempotency hash. */
  agentRequest: AgentRequest & { input: Record<string, unknown> };
  /** The upstream's holds and pace for this request on the selected connection. */
  admission(connectionId: string): AdmissionChecks;
  /** The request itself on the selected connection. */
  send(selected: SelectedConnection): Send;
}

export const DEFAULT_DEADLINE_MS = 30_000;

/**
 * One agent call, end to end, for every surface: REST actions, MCP `tools/call` and the raw
 * proxy. Stages return values and run top to bottom:
 *
 *   authorize → select connection → admit → approve → idempotent(announce, send upstream) → audited
 *
 * Each stage is its own module beside this one; failures are `CallError` values; the surface
 * turns the one `CallResult` into its response once.
 */
@Injectable()
export class CallPipeline {
  private readonly admission: Admission;
  private readonly idempotency: IdempotentWrites;
  private readonly upstream: UpstreamCaller;

  constructor(
    private readonly view: ConfigView,
    @Inject(ENGINE_FOR) private readonly engineFor: EngineFor,
    @Inject(CREDENTIALS) credentials: CredentialProvider,
    @Inject(CALL_AUDIT_SINK) private readonly audit: CallAuditSink,
    @Inject(CALL_GUARDS) guards: CallGuards,
    @Inject(CALL_METRICS) private readonly metrics: CallMetrics,
    @Optional() private readonly approvals?: ApprovalGate,
    @Optional() @Inject(CALL_INTENTS) private readonly intents?: CallIntentJournal,
  ) {
    this.admission = new Admission(guards);
    this.idempotency = new IdempotentWrites(guards.idempotency);
    this.upstream = new UpstreamCaller(guards, credentials, metrics);
  }

  /** A catalog action (REST `POST /v1/actions/{tool}`, MCP `tools/call`). */
  async call(ctx: CallContext): Promise<CallResult> {
    const trail = new CallTrail({
      principal: ctx.principal,
      tool: ctx.tool,
      requestId: ctx.requestId,
      workflowRunId: ctx.workflowRunId,
      input: ctx.request.input,
    });
    let result: CallResult | undefined;
    try {
      const authorized = authorize(ctx.principal, ctx.tool, ctx.request.input, ctx.explain, this.view.tenantConnectors.catalogFor(ctx.principal.tenantId));
      if (authorized instanceof CallError) return (result = failed(authorized));
      const { provider, action } = authorized.entry;
      trail.labels(provider.id, action.id);
      annotateActiveSpan({ 'causeway.tool': ctx.tool, 'causeway.provider': provider.id, 'causeway.tenant_id': ctx.principal.tenantId });
      const { request } = ctx;
      const plan: CallPlan = {
        provider,
        action,
        tool: ctx.tool,
        agentRequest: { tool: ctx.tool, connectionId: request.connectionId, onBehalfOf: request.onBehalfOf, input: request.input },
        admission: (connectionId) => actionAdmission(provider, action, connectionId, request.input),
        send: (selected) => {
          const engine = this.engineFor(provider, selected.connection);
          const input = request.cursor ? { ...authorized.input, cursor: request.cursor } : authorized.input;
          const connection = { params: selected.connection.params, serverOverrides: selected.connection.serverOverrides ?? undefined };
          return (credential: Credential, signal: AbortSignal, timeoutMs: number) =>
            engine.executeAction({ action: ctx.tool, input, prepared: true, credential, connection, signal, timeoutMs });
        },
      };
      return (result = await this.run(ctx, plan, trail));
    } finally {
      await trail.end(this.audit, this.metrics, result);
    }
  }

  /**
   * The stages after authorisation, shared by every surface; `trail` is ended by the caller. A
   * platform dependency that is away (PostgreSQL or Redis restarting) is `unavailable` here, for
   * REST, MCP and the proxy alike; anything else thrown is a defect and is thrown on.
   */
  run(ctx: Omit<CallContext, 'tool' | 'explain'>, plan: CallPlan, trail: CallTrail): Promise<CallResult> {
    return this.stages(ctx, plan, trail).catch((error: unknown) => failed(expectedFailure(error)));
  }

  private async stages(ctx: Omit<CallContext, 'tool' | 'explain'>, plan: CallPlan, trail: CallTrail): Promise<CallResult> {
    const deadline = Date.now() + (ctx.deadlineMs ?? DEFAULT_DEADLINE_MS);
    const { principal, request } = ctx;
    // Again for the proxy, which enters here: the request's span names what it called, for whom.
    annotateActiveSpan({ 'causeway.tool': plan.tool, 'causeway.provider': plan.provider.id, 'causeway.tenant_id': principal.tenantId });
    let selected: SelectedConnection;
    try {
      selected = selectConnection(this.view, principal, plan.provider.id, request);
    } catch (error) {
      return failed(expectedFailure(error));
    }
    trail.connectionId = selected.id;
    const auditable = this.assertAuditable();
    if (auditable) return failed(auditable);

    const lease = await this.admission.admit(principal, plan.admission(selected.id), deadline);
    if (lease instanceof CallError) return failed(lease);
    let ticket: GateTicket | undefined;
    let claim: IdempotencyClaim | undefined;
    let reachedUpstream = false;
    let result: CallResult | undefined;
    try {
      const approval = await inSpan('data-plane', 'approval', undefined, () =>
        approve(this.approvals, {
          principal,
          tool: plan.tool,
          provider: plan.provider.id,
          action: plan.action,
          connectionId: selected.id,
          onBehalfOf: request.onBehalfOf,
          input: plan.agentRequest.input,
          approvalId: ctx.approvalId,
          callbackUrl: request.callbackUrl,
          requestId: ctx.requestId,
        }),
      );
      if (approval instanceof CallError) return (result = failed(approval));
      if (approval.kind === 'answered') return (result = approval.result);
      ticket = approval.ticket;

      if (ctx.idempotencyKey && plan.action.sideEffect !== 'read') {
        const begun = await this.idempotency.begin(
          { tenantId: principal.tenantId, apiKeyId: principal.keyId },
          ctx.idempotencyKey,
          plan.agentRequest,
          deadline,
        );
        if (begun instanceof CallError) return (result = failed(begun));
        if ('kind' in begun) return (result = begun.result);
        claim = begun;
      }

      const unannounced = await trail.announce(this.intents, ctx.idempotencyKey);
      if (unannounced) return (result = failed(unannounced));
      const ref = { tenantId: principal.tenantId, connectionId: selected.id, provider: plan.provider.id };
      const sent = await inSpan('data-plane', 'upstream call', { 'causeway.tool': plan.tool, 'causeway.provider': plan.provider.id }, async (span) => {
        const outcome = await this.upstream.call({
          ref,
          providerName: plan.provider.name,
          sideEffect: plan.action.sideEffect,
          send: plan.send(selected),
          lease,
          deadline,
        });
        if (outcome instanceof CallError) setSpanAttributes(span, { 'error.type': outcome.code });
        else setSpanAttributes(span, { 'causeway.attempts': outcome.attempts });
        return outcome;
      });
      if (sent instanceof CallError) return (result = failed(sent));
      reachedUpstream = sent.reachedUpstream;
      trail.attempts = sent.attempts;
      const upstream = sent.result;
      if (!upstream.ok) {
        trail.upstreamStatus = upstream.error.upstreamStatus;
        const { code, message, retryAfterMs, upstreamStatus, field } = upstream.error;
        return (result = failed(
          new CallError(code, message, {
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            ...(upstreamStatus !== undefined ? { upstreamStatus } : {}),
            ...(field ? { field } : {}),
          }),
        ));
      }
      trail.upstreamStatus = upstream.upstreamStatus;
      trail.output = upstream.data;
      const body: CallSuccess = {
        data: upstream.data,
        meta: { requestId: ctx.requestId, attempts: sent.attempts, ...(upstream.nextCursor ? { nextCursor: upstream.nextCursor } : {}) },
      };
      return (result = { kind: 'success', body, replayed: false });
    } finally {
      lease.release();
      await this.settle(ticket, claim, result, reachedUpstream).catch((error: unknown) => {
        // Once the provider may have acted, the agent gets what it answered even when the key
        // or the approval could not be settled (the database away): the key stays in flight
        // and reads as outcome unknown when its lease ends, so a retry is never sent twice.
        if (!reachedUpstream) throw error;
      });
    }
  }

  /**
   * Once, however the call ended: the idempotency key stores the answer when the upstream may
   * have acted on it (released otherwise, so the same request can be sent again), and the
   * approval learns whether it was executed (a replayed answer was not: nothing was sent now).
   * A call that threw releases the key and counts as an incident for the approval.
   */
  private async settle(
    ticket: GateTicket | undefined,
    claim: IdempotencyClaim | undefined,
    result: CallResult | undefined,
    reachedUpstream: boolean,
  ): Promise<void> {
    if (!ticket && !claim) return;
    const response = result?.kind === 'success' ? { status: 200, body: result.body } : result?.kind === 'failure' ? result.error.stored() : undefined;
    if (claim) await this.idempotency.settle(claim, reachedUpstream ? response : undefined);
    if (!ticket || !this.approvals) return;
    if (!result) await this.approvals.settle(ticket, { ok: false, code: 'internal', reachedUpstream: true });
    else if (result.kind === 'pending' || result.replayed || !reachedUpstream) await this.approvals.settle(ticket, { ok: false, reachedUpstream: false });
    else if (result.kind === 'success') await this.approvals.settle(ticket, { ok: true, reachedUpstream: true, response: response! });
    else await this.approvals.settle(ticket, { ok: false, code: result.error.code, reachedUpstream: true, response: response! });
  }

  /** A call whose audit event could not be kept is not made. */
  private assertAuditable(): CallError | undefined {
    try {
      this.audit.assertAccepting?.();
      return undefined;
    } catch {
      return new CallError('unavailable', 'the audit trail cannot take more events right now; try again shortly', { retryAfterMs: 5000 });
    }
  }
}

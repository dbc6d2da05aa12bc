import { Inject, Injectable, Optional } from '@nestjs/common';
import { catalog, prepareActionInput, type ActionResult, type Credential, type ProviderDefinition } from '@causeway/connectors';
import type { AuditOutcome, ErrorCode, TenantAccessPolicy } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { callWithRetry, requestHash, upstreamKey, type AdmissionDecision, type HoldCheck, type IdempotencyScope, type TokenTake } from '@causeway/resilience';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { ApprovalGate, type GateTicket, type PendingApproval } from '../approvals/approval-gate';
import { callAuditMessage, type CallAuditSink, type CallRecord } from '../call-audit/call-audit';
import { redactPayload } from '../call-audit/payload-redaction';
import { ConfigView } from '../config-view/config-view';
import { selectConnection, type SelectedConnection } from '../connections/connection-selector';
import type { CredentialProvider } from '../credentials/credential-provider';
import type { CallGuards } from '../limits/call-guards';
import { CALL_AUDIT_SINK, CALL_GUARDS, CALL_METRICS, CREDENTIALS, ENGINE_FOR } from '../tokens';
import type { ActionRequest } from './action-request';
import { UNKNOWN_LABEL, type CallMetrics } from './call-metrics';
import { callDeniedBy, deniedMessages } from './call-permission';
import { declaredPace } from './declared-pace';
import type { EngineFor } from './engine-for';

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
  /** Per-call deadline; defaults to the service's. */
  deadlineMs?: number;
}

export interface CallSuccess {
  data: unknown;
  meta: { requestId: string; attempts: number; nextCursor?: string };
}

export interface CallOutcome {
  body: CallSuccess;
  /** The stored response of an earlier call with the same Idempotency-Key. */
  replayed: boolean;
  /** The call waits for a human: nothing was sent; REST answers 202 `{ approval }`, MCP a result naming it. */
  pending?: PendingApproval;
}

/** An expected failure of a call, carried to the transport (REST or MCP) as a value. */
export class CallFailure extends AppError {
  replayed = false;
}

const DEFAULT_DEADLINE_MS = 30_000;
/** Longest the data plane queues a call for the upstream's pace before answering 429. */
const MAX_GATE_WAIT_MS = 2_000;

/** Who refused a call's admission: its quotas, a hold the upstream announced, its declared pace. */
type AdmissionScope = 'tenant' | 'key' | 'upstream' | 'pace';
interface AdmissionChecks {
  holds: HoldCheck<AdmissionScope>[];
  takes: TokenTake<AdmissionScope>[];
}
const GATE_OPEN: AdmissionDecision<AdmissionScope> = { allowed: true };

/**
 * The upstream's part of a call's admission: the holds on the connection and on the declared
 * limit's bucket (a channel, a method), and one token of the declared pace, counted in that
 * bucket (or the whole connection when the limit names none).
 */
function upstreamAdmission(provider: string, connectionId: string, declared: ReturnType<typeof declaredPace>): AdmissionChecks {
  const connection = upstreamKey(provider, connectionId);
  const bucket = declared?.bucket ? upstreamKey(provider, connectionId, declared.bucket) : undefined;
  return {
    holds: bucket ? [{ scope: 'upstream', key: connection }, { scope: 'upstream', key: bucket }] : [{ scope: 'upstream', key: connection }],
    takes: declared ? [{ scope: 'pace', key: `pace:${bucket ?? connection}`, rule: declared.rule }] : [],
  };
}

/**
 * One agent call, end to end, in the order an operator would reason about it: who (key),
 * may they (permission layers), on what (connection), how much (quotas, concurrency), once
 * (idempotency), then the upstream through the gate, the breaker and the retry policy, and
 * exactly one audit event whatever the outcome. REST and MCP both call this, so the same
 * rules hold on both.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly view: ConfigView,
    @Inject(ENGINE_FOR) private readonly engineFor: EngineFor,
    @Inject(CREDENTIALS) private readonly credentials: CredentialProvider,
    @Inject(CALL_AUDIT_SINK) private readonly audit: CallAuditSink,
    @Inject(CALL_GUARDS) private readonly guards: CallGuards,
    @Inject(CALL_METRICS) private readonly metrics: CallMetrics,
    @Optional() private readonly approvals?: ApprovalGate,
  ) {}

  async call(ctx: CallContext): Promise<CallOutcome> {
    const started = performance.now();
    const deadline = Date.now() + (ctx.deadlineMs ?? DEFAULT_DEADLINE_MS);
    let attempts = 0;
    let selected: SelectedConnection | undefined;
    let upstreamStatus: number | undefined;
    let provider: ProviderDefinition | undefined;
    let audited = false;
    /** The result's data, recorded (redacted) only for tenants that opted in to payloads. */
    let output: unknown;
    // Exactly one audit event per call, whichever path ends it.
    const finish = async (outcome: AuditOutcome, errorCode?: ErrorCode, deniedBy?: string) => {
      if (audited) return;
      audited = true;
      // Labels come from the catalog only: a tool name a caller invented is not a new series.
      this.metrics.recordCall(provider?.id ?? UNKNOWN_LABEL, provider ? ctx.tool : UNKNOWN_LABEL, outcome, upstreamStatus, attempts);
      await this.audit.publish([
        callAuditMessage({
          tenantId: ctx.principal.tenantId,
          keyId: ctx.principal.keyId,
          keyName: ctx.principal.keyName,
          tool: ctx.tool,
          connectionId: selected?.id,
          outcome,
          errorCode,
          upstreamStatus,
          attempts,
          latencyMs: performance.now() - started,
          correlationId: ctx.requestId,
          workflowRunId: ctx.workflowRunId,
          deniedBy,
          payload: payloadFor(ctx.principal.tenantPolicy, ctx.request.input, output),
        }),
      ]);
    };

    let release: (() => void) | undefined;
    let idempotency: { scope: IdempotencyScope; key: string; lease: string } | undefined;
    let approvalTicket: GateTicket | undefined;
    try {
      const entry = catalog.findAction(ctx.tool);
      if (!entry) throw new CallFailure('not_found', `no tool named ${ctx.tool}: list them with GET /v1/tools`, { field: 'tool' });
      provider = entry.provider;
      const deniedBy = callDeniedBy(ctx.principal, ctx.tool);
      if (deniedBy) {
        const message = `this key may not call ${ctx.tool}${ctx.explain ? `: ${deniedMessages[deniedBy]}` : ''}`;
        await finish('denied', 'forbidden', deniedBy);
        throw new CallFailure('forbidden', message, ctx.explain ? { explain: { deniedBy } } : {});
      }
      // Bad input costs nothing: refused before quotas, pacing and the upstream.
      const prepared = prepareActionInput(entry.action, ctx.request.input);
      if (!prepared.ok) throw new CallFailure(prepared.error.code, prepared.error.message, prepared.error.field ? { field: `input.${prepared.error.field}` } : {});
      const input = prepared.input;
      selected = selectConnection(this.view, ctx.principal, entry.provider.id, ctx.request);
      this.assertAuditable();
      const declared = declaredPace(entry.provider, entry.action, ctx.request.input);
      const upstreamChecks = upstreamAdmission(entry.provider.id, selected.id, declared);
      const admission = await this.admit(ctx.principal, upstreamChecks, deadline);
      release = admission.release;
      // Human approval, trust and budgets: after the quotas (approval requests are calls too),
      // before idempotency and the upstream.
      if (this.approvals) {
        const gate = await this.approvals.evaluate({
          principal: ctx.principal,
          tool: ctx.tool,
          provider: entry.provider.id,
          action: entry.action,
          connectionId: selected.id,
          onBehalfOf: ctx.request.onBehalfOf,
          input: ctx.request.input,
          approvalId: ctx.approvalId,
          callbackUrl: ctx.request.callbackUrl,
          requestId: ctx.requestId,
        });
        if (gate.kind === 'pending') {
          await finish('pending');
          return { body: { data: null, meta: { requestId: ctx.requestId, attempts: 0 } }, replayed: false, pending: gate.approval };
        }
        if (gate.kind === 'replay') {
          await finish('replayed');
          return replayOf(gate.response);
        }
        approvalTicket = gate.ticket;
      }

      if (ctx.idempotencyKey && entry.action.sideEffect !== 'read') {
        const scope = { tenantId: ctx.principal.tenantId, apiKeyId: ctx.principal.keyId };
        // What the agent sent, not the connection it resolved to: a correct retry hashes the same.
        const hash = requestHash({ tool: ctx.tool, connectionId: ctx.request.connectionId, onBehalfOf: ctx.request.onBehalfOf, input: ctx.request.input });
        const begun = await this.guards.idempotency.begin(scope, ctx.idempotencyKey, hash, { leaseMs: deadline - Date.now() + 5_000 });
        if (begun.kind === 'replay') {
          await finish('replayed');
          return replayOf(begun.response);
        }
        if (begun.kind === 'mismatch') throw new CallFailure('idempotency_key_reused', 'this Idempotency-Key was used for a different request', { field: 'Idempotency-Key' });
        if (begun.kind === 'in_flight') throw new CallFailure('idempotency_in_flight', 'a call with this Idempotency-Key is still running', { retryAfterMs: begun.retryAfterMs });
        idempotency = { scope, key: ctx.idempotencyKey, lease: begun.lease };
      }

      const ref = { tenantId: ctx.principal.tenantId, connectionId: selected.id, provider: entry.provider.id };
      let credential: Credential = await this.credentials.get(ref);
      const engine = this.engineFor(entry.provider, selected.connection);
      // Holds announced by the upstream (Retry-After) apply to the whole connection; declared
      // pacing is counted in its own bucket (a channel, a method).
      const ukey = upstreamKey(entry.provider.id, selected.id);
      let reachedUpstream = false;

      // What the next attempt must pass: nothing for the first when admit() took it all;
      // everything admit() asked for when the upstream refused then; the upstream's part after.
      let nextGate: AdmissionChecks | undefined = admission.firstGate;
      const attempt = async (): Promise<ActionResult> => {
        const admitted = nextGate ? await this.waitForGate(nextGate, deadline) : GATE_OPEN;
        if (!admitted.allowed) {
          this.guards.decisions.inc({ decision: 'throttled', scope: 'upstream' });
          return { ok: false, error: { code: 'upstream_rate_limited', message: `${entry.provider.name} asked us to wait; nothing was sent`, retryable: true, retryAfterMs: admitted.retryAfterMs } };
        }
        nextGate = upstreamChecks;
        attempts += 1;
        reachedUpstream = true;
        const send = (cred: Credential) =>
          this.guards.breakers.execute(ukey, (signal) =>
            this.metrics.timeUpstream(entry.provider.id, () =>
              engine.executeAction({
                action: ctx.tool,
                input: ctx.request.cursor ? { ...input, cursor: ctx.request.cursor } : input,
                prepared: true,
                credential: cred,
                connection: { params: selected!.connection.params, serverOverrides: selected!.connection.serverOverrides ?? undefined },
                signal,
                timeoutMs: Math.max(1, deadline - Date.now()),
              }),
            ),
          );
        const first = await send(credential);
        if ('breaker' in first) return first;
        let result = first as ActionResult;
        if (!result.ok && result.error.authExpired) {
          // One refresh and one retry, never a loop: a second rejection means re-consent.
          const refreshed = await this.credentials.refreshAfterRejection(ref, credential);
          if (refreshed) {
            credential = refreshed;
            attempts += 1;
            result = (await send(credential)) as ActionResult;
          }
          if (!result.ok && result.error.authExpired) result = { ...result, error: { ...result.error, code: 'needs_reauth', retryable: false } };
        }
        await this.guards.gate.afterCall(ukey, result.rateLimit);
        return result;
      };

      const outcome = await callWithRetry(attempt, {
        safety: { sideEffect: entry.action.sideEffect },
        deadline,
        budgetKey: entry.provider.id,
        budget: this.guards.budget,
        // An open breaker is answered at once: waiting in the loop for its probe would defeat it.
        isFinal: (result) => 'breaker' in result,
      });
      const result = outcome.result;
      if (!result.ok) {
        upstreamStatus = result.error.upstreamStatus;
        const failure = new CallFailure(result.error.code, result.error.message, {
          ...(result.error.retryAfterMs !== undefined ? { retryAfterMs: result.error.retryAfterMs } : {}),
          ...(result.error.upstreamStatus !== undefined ? { upstreamStatus: result.error.upstreamStatus } : {}),
          ...(result.error.field ? { field: result.error.field } : {}),
        });
        if (idempotency) await this.settleIdempotency(idempotency, reachedUpstream, { status: failure.status, body: { error: { code: failure.code, message: failure.message, retryable: failure.retryable, ...failure.extra } } });
        idempotency = undefined;
        if (approvalTicket) await this.approvals?.settle(approvalTicket, { ok: false, code: failure.code, reachedUpstream, response: { status: failure.status, body: { error: { code: failure.code, message: failure.message, retryable: failure.retryable, ...failure.extra } } } });
        approvalTicket = undefined;
        await finish(outcomeOf(result.error.code), result.error.code);
        throw failure;
      }
      upstreamStatus = result.upstreamStatus;
      const body: CallSuccess = { data: result.data, meta: { requestId: ctx.requestId, attempts, ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) } };
      if (idempotency) await this.guards.idempotency.complete(idempotency.scope, idempotency.key, idempotency.lease, { status: 200, body });
      idempotency = undefined;
      if (approvalTicket) await this.approvals?.settle(approvalTicket, { ok: true, reachedUpstream: true, response: { status: 200, body } });
      approvalTicket = undefined;
      output = result.data;
      await finish('success');
      return { body, replayed: false };
    } catch (error) {
      if (idempotency) await this.guards.idempotency.fail(idempotency.scope, idempotency.key, idempotency.lease).catch(() => undefined);
      // An expected refusal stopped the call before the upstream: the approval stays usable.
      if (approvalTicket) await this.approvals?.settle(approvalTicket, { ok: false, code: error instanceof AppError ? error.code : 'internal', reachedUpstream: !(error instanceof AppError) });
      if (error instanceof CallFailure) {
        // Refusals before the upstream (unknown tool, quota, idempotency) are audited here.
        await finish(outcomeOf(error.code), error.code);
        throw error;
      }
      if (error instanceof AppError) {
        await finish(outcomeOf(error.code), error.code);
        throw new CallFailure(error.code, error.message, error.extra);
      }
      await finish('failed', 'internal');
      throw error;
    } finally {
      release?.();
    }
  }

  /**
   * Decides `checks` (one Redis round trip each time: see CallGuards.admission), all taken or
   * none, and waits (up to `maxWaitMs`) while only the upstream refuses: a hold it announced
   * (Retry-After) or our own pacing to its declared limit. Waiting here is not a retry —
   * nothing was sent — so it costs no retry budget. A quota refusal is never waited for: it
   * throws `rate_limited`. Otherwise returns the decision that ended the wait, allowed or
   * refused by the upstream for longer than `maxWaitMs` or the deadline allows (the agent gets
   * that as upstream_rate_limited). retryAfterMs is the longest wait that applies.
   */
  private async waitForGate(checks: AdmissionChecks, deadline: number, maxWaitMs = MAX_GATE_WAIT_MS): Promise<AdmissionDecision<AdmissionScope>> {
    const { admission, decisions } = this.guards;
    for (;;) {
      const decision = await admission.decide(checks);
      if (decision.allowed) {
        if (checks.takes.some((t) => t.scope === 'key')) decisions.inc({ decision: 'allowed', scope: 'key' });
        return decision;
      }
      const quota = decision.refused.find((r) => r.scope === 'tenant' || r.scope === 'key');
      const waitMs = Math.ceil(decision.retryAfterMs);
      if (quota) {
        decisions.inc({ decision: 'throttled', scope: quota.scope });
        throw new CallFailure('rate_limited', quota.scope === 'tenant' ? "this tenant's call quota is used up for now" : "this key's call quota is used up for now", { retryAfterMs: waitMs });
      }
      if (waitMs > maxWaitMs || Date.now() + waitMs >= deadline) return decision;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** A call whose audit event could not be kept is not made. */
  private assertAuditable() {
    try {
      this.audit.assertAccepting?.();
    } catch {
      throw new CallFailure('unavailable', 'the audit trail cannot take more events right now; try again shortly', { retryAfterMs: 5000 });
    }
  }

  /**
   * The key's concurrency slot (in this replica), then everything shared in one atomic decision
   * (one Redis round trip): the tenant and key quotas, the upstream's holds and the first
   * attempt's declared pace, all taken or none, so a refused call costs no quota. A quota
   * refusal is answered at once (`rate_limited`, retryAfterMs the longest wait that applies).
   * When only the upstream refused, nothing was taken and the call goes on: its first attempt
   * asks for all of it again (`firstGate`) and waits for the upstream there, after the
   * idempotency check, so duplicates of an in-flight write are answered 409 without queueing
   * for the upstream's pace. Returns the slot's release.
   */
  private async admit(principal: AgentPrincipal, upstream: AdmissionChecks, deadline: number): Promise<{ release: () => void; firstGate?: AdmissionChecks }> {
    const { limits, decisions, concurrency } = this.guards;
    const lease = concurrency.tryAcquire(`key:${principal.keyId}`, limits.keyConcurrentCalls);
    if (!lease) {
      decisions.inc({ decision: 'throttled', scope: 'concurrency' });
      throw new CallFailure('rate_limited', `this key already has ${limits.keyConcurrentCalls} calls in flight`, { retryAfterMs: 100 });
    }
    const checks: AdmissionChecks = {
      holds: upstream.holds,
      takes: [
        { scope: 'tenant', key: `tenant:${principal.tenantId}`, rule: { perMinute: limits.tenantCallsPerMinute, burst: Math.max(1, Math.ceil(limits.tenantCallsPerMinute / 10)) } },
        { scope: 'key', key: `key:${principal.keyId}`, rule: { perMinute: limits.keyCallsPerMinute, burst: Math.max(1, Math.ceil(limits.keyCallsPerMinute / 10)) } },
        ...upstream.takes,
      ],
    };
    try {
      const decision = await this.waitForGate(checks, deadline, 0);
      return { release: () => lease.release(), firstGate: decision.allowed ? undefined : checks };
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  /** A write that may have reached the upstream is stored for replay; one that did not is released for a retry. */
  private async settleIdempotency(id: { scope: IdempotencyScope; key: string; lease: string }, reachedUpstream: boolean, response: { status: number; body: unknown }) {
    if (reachedUpstream) await this.guards.idempotency.complete(id.scope, id.key, id.lease, response);
    else await this.guards.idempotency.fail(id.scope, id.key, id.lease);
  }
}

function replayOf(response: { status: number; body: unknown }): CallOutcome {
  if (response.status === 200) return { body: response.body as CallSuccess, replayed: true };
  const error = (response.body as { error: { code: ErrorCode; message: string; retryAfterMs?: number; upstreamStatus?: number; field?: string } }).error;
  const failure = new CallFailure(error.code, error.message, {
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error.upstreamStatus !== undefined ? { upstreamStatus: error.upstreamStatus } : {}),
    ...(error.field ? { field: error.field } : {}),
  });
  failure.replayed = true;
  throw failure;
}

/** The call's input and result for its audit event, redacted, when the tenant opted in; otherwise nothing. */
function payloadFor(policy: TenantAccessPolicy | undefined, input: unknown, output: unknown): CallRecord['payload'] {
  if (policy?.auditPayloads !== 'redacted') return undefined;
  return { input: redactPayload(input, policy.redactFields), ...(output !== undefined ? { output: redactPayload(output, policy.redactFields) } : {}) };
}

function outcomeOf(code: ErrorCode): AuditOutcome {
  if (code === 'rate_limited' || code === 'upstream_rate_limited') return 'throttled';
  if (code === 'forbidden' || code === 'unauthenticated' || code === 'connection_required') return 'denied';
  return 'failed';
}

import { randomUUID } from 'node:crypto';
import type { AuditOutcome, ErrorCode, TenantAccessPolicy } from '@causeway/contracts';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { UNKNOWN_LABEL, type CallMetrics } from '../actions/call-metrics';
import { callAuditMessage, type CallAuditSink, type CallRecord } from '../call-audit/call-audit';
import type { CallIntentJournal } from '../call-audit/call-intents';
import { redactPayload } from '../call-audit/payload-redaction';
import { CallError } from './call-error';
import type { CallResult } from './call-result';

/**
 * What one call leaves behind: exactly one audit event and its metrics, written when the call
 * ends whichever way (the pipeline calls `end` in a `finally`). Stages fill in what they learnt.
 * Metric labels come only from the catalog (`labels`): a name a caller invented is `unknown`.
 *
 * A call that may reach a provider is announced first (`announce`): a durable intent, ended
 * once the call's event is kept. If the process dies in between, the next start audits the
 * intent as `outcome_unknown` (call-audit/call-intents.ts), so the trail shows every attempt
 * that may have reached a provider.
 */
export class CallTrail {
  private readonly started = performance.now();
  /** Bounded metric labels, set once the catalog knows the tool (or the proxied provider). */
  connector = UNKNOWN_LABEL;
  action = UNKNOWN_LABEL;
  connectionId?: string;
  attempts = 0;
  upstreamStatus?: number;
  /** The result's data, recorded (redacted) only for tenants that opted in to payloads. */
  output?: unknown;
  private intent?: { journal: CallIntentJournal; id: string };

  constructor(
    private readonly call: {
      principal: AgentPrincipal;
      /** The audited name: the tool, or `{provider}.proxy {METHOD} {path template}` for a proxied call. */
      tool: string;
      requestId: string;
      workflowRunId?: string;
      /** What the agent sent, recorded (redacted) only for tenants that opted in. */
      input?: unknown;
    },
  ) {}

  /** Names a proxied call once its provider and path template are known (never its query or body). */
  named(tool: string, input: unknown): void {
    this.call.tool = tool.slice(0, 200);
    this.call.input = input;
  }

  labels(connector: string, action: string): void {
    this.connector = connector;
    this.action = action;
  }

  /**
   * Before the call may reach the provider: its intent, durable when this resolves. A call
   * whose intent cannot be kept is not sent (`unavailable`), like one whose event cannot be.
   */
  async announce(journal: CallIntentJournal | undefined, idempotencyKey: string | undefined): Promise<CallError | undefined> {
    if (!journal || this.intent || !this.connectionId) return undefined;
    const id = randomUUID();
    const { principal, tool, requestId, workflowRunId } = this.call;
    try {
      await journal.begin(id, {
        tenantId: principal.tenantId,
        keyId: principal.keyId,
        keyName: principal.keyName,
        tool,
        connectionId: this.connectionId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        correlationId: requestId,
        ...(workflowRunId ? { workflowRunId } : {}),
        begunAt: new Date().toISOString(),
      });
    } catch {
      return new CallError('unavailable', 'the audit trail cannot take more events right now; try again shortly', { retryAfterMs: 5000 });
    }
    this.intent = { journal, id };
    return undefined;
  }

  /** Writes the one event: `result` is how the call ended, undefined when it threw (audited as internal). */
  async end(sink: CallAuditSink, metrics: CallMetrics, result: CallResult | undefined): Promise<void> {
    const { outcome, errorCode, deniedBy } = auditOutcomeOf(result);
    metrics.recordCall(this.connector, this.action, outcome, this.upstreamStatus, this.attempts);
    const { principal } = this.call;
    await sink.publish([
      callAuditMessage({
        id: this.intent?.id,
        tenantId: principal.tenantId,
        keyId: principal.keyId,
        keyName: principal.keyName,
        tool: this.call.tool,
        connectionId: this.connectionId,
        outcome,
        errorCode,
        upstreamStatus: this.upstreamStatus,
        attempts: this.attempts,
        latencyMs: performance.now() - this.started,
        correlationId: this.call.requestId,
        workflowRunId: this.call.workflowRunId,
        deniedBy,
        payload: payloadFor(principal.tenantPolicy, this.call.input, result?.kind === 'success' && !result.replayed ? this.output : undefined),
      }),
    ]);
    // Only once the event is kept: an event that could not be leaves the intent for recovery.
    if (this.intent) void this.intent.journal.end(this.intent.id).catch(() => undefined);
  }
}

function auditOutcomeOf(result: CallResult | undefined): { outcome: AuditOutcome; errorCode?: ErrorCode; deniedBy?: string } {
  if (!result) return { outcome: 'failed', errorCode: 'internal' };
  if (result.kind === 'pending') return { outcome: 'pending' };
  if (result.replayed) return { outcome: 'replayed' };
  if (result.kind === 'success') return { outcome: 'success' };
  const { code, deniedBy } = result.error;
  return { outcome: deniedBy ? 'denied' : outcomeOf(code), errorCode: code, ...(deniedBy ? { deniedBy } : {}) };
}

function outcomeOf(code: ErrorCode): AuditOutcome {
  if (code === 'rate_limited' || code === 'upstream_rate_limited') return 'throttled';
  if (code === 'forbidden' || code === 'unauthenticated' || code === 'connection_required') return 'denied';
  return 'failed';
}

/** The call's input and result for its audit event, redacted, when the tenant opted in; otherwise nothing. */
function payloadFor(policy: TenantAccessPolicy | undefined, input: unknown, output: unknown): CallRecord['payload'] {
  if (policy?.auditPayloads !== 'redacted' || input === undefined) return undefined;
  return { input: redactPayload(input, policy.redactFields), ...(output !== undefined ? { output: redactPayload(output, policy.redactFields) } : {}) };
}

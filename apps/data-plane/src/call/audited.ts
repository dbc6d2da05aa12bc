import type { AuditOutcome, ErrorCode, TenantAccessPolicy } from '@causeway/contracts';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { UNKNOWN_LABEL, type CallMetrics } from '../actions/call-metrics';
import { callAuditMessage, type CallAuditSink, type CallRecord } from '../call-audit/call-audit';
import { redactPayload } from '../call-audit/payload-redaction';
import type { CallResult } from './call-result';

/**
 * What one call leaves behind: exactly one audit event and its metrics, written when the call
 * ends whichever way (the pipeline calls `end` in a `finally`). Stages fill in what they learnt.
 * Metric labels come only from the catalog (`labels`): a name a caller invented is `unknown`.
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

  /** Writes the one event: `result` is how the call ended, undefined when it threw (audited as internal). */
  async end(sink: CallAuditSink, metrics: CallMetrics, result: CallResult | undefined): Promise<void> {
    const { outcome, errorCode, deniedBy } = auditOutcomeOf(result);
    metrics.recordCall(this.connector, this.action, outcome, this.upstreamStatus, this.attempts);
    const { principal } = this.call;
    await sink.publish([
      callAuditMessage({
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

import { Inject, Injectable } from '@nestjs/common';
import { catalog, type ActionError, type ActionResult, type ConnectorEngine, type Credential } from '@causeway/connectors';
import type { AuditOutcome, ErrorCode } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { CALL_AUDIT_SINK, CONNECTOR_ENGINE, CREDENTIALS } from '../tokens';
import { callAuditMessage, type CallAuditSink } from '../call-audit/call-audit';
import { ConfigView } from '../config-view/config-view';
import { selectConnection, type SelectedConnection } from '../connections/connection-selector';
import type { CredentialProvider } from '../credentials/credential-provider';
import type { ActionRequest } from './action-request';
import { callDeniedBy, deniedMessages } from './call-permission';

export interface CallContext {
  principal: AgentPrincipal;
  tool: string;
  request: ActionRequest;
  requestId: string;
  workflowRunId?: string;
  explain: boolean;
}

export interface CallSuccess {
  data: unknown;
  meta: { requestId: string; attempts: number; nextCursor?: string };
}

/** An expected failure of a call, carried to the transport (REST or MCP) as a value. */
export class CallFailure extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    extra: ConstructorParameters<typeof AppError>[2],
  ) {
    super(code, message, extra);
  }
}

/**
 * One agent call, end to end: permission layers, connection choice, credential, upstream
 * call with a single refresh-and-retry on an expired token, and exactly one audit event —
 * whatever the outcome. REST and MCP both call this, so the same rules hold on both.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly view: ConfigView,
    @Inject(CONNECTOR_ENGINE) private readonly engine: ConnectorEngine,
    @Inject(CREDENTIALS) private readonly credentials: CredentialProvider,
    @Inject(CALL_AUDIT_SINK) private readonly audit: CallAuditSink,
  ) {}

  async call(ctx: CallContext): Promise<CallSuccess> {
    const started = performance.now();
    let attempts = 0;
    let selected: SelectedConnection | undefined;
    let upstreamStatus: number | undefined;
    const finish = async (outcome: AuditOutcome, errorCode?: ErrorCode, deniedBy?: string) => {
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
        }),
      ]);
    };

    try {
      const entry = catalog.findAction(ctx.tool);
      if (!entry) throw new CallFailure('not_found', `no tool named ${ctx.tool}: list them with GET /v1/tools`, { field: 'tool' });
      const deniedBy = callDeniedBy(ctx.principal, ctx.tool);
      if (deniedBy) {
        const failure = new CallFailure('forbidden', `this key may not call ${ctx.tool}`, ctx.explain ? { explain: { deniedBy } } : {});
        if (ctx.explain) failure.message = `${failure.message}: ${deniedMessages[deniedBy]}`;
        await finish('denied', 'forbidden', deniedBy);
        throw failure;
      }
      selected = selectConnection(this.view, ctx.principal, entry.provider.id, ctx.request);
      const ref = { tenantId: ctx.principal.tenantId, connectionId: selected.id, provider: entry.provider.id };
      let credential: Credential = await this.credentials.get(ref);
      const run = (cred: Credential): Promise<ActionResult> => {
        attempts += 1;
        return this.engine.executeAction({
          action: ctx.tool,
          input: ctx.request.cursor ? { ...ctx.request.input, cursor: ctx.request.cursor } : ctx.request.input,
          credential: cred,
          connection: { params: selected!.connection.params, serverOverrides: selected!.connection.serverOverrides ?? undefined },
        });
      };
      let result = await run(credential);
      if (!result.ok && result.error.authExpired) {
        // One refresh and one retry, never a loop: a second rejection means re-consent.
        const refreshed = await this.credentials.refreshAfterRejection(ref, credential);
        if (refreshed) {
          credential = refreshed;
          result = await run(credential);
        }
      }
      if (!result.ok) {
        upstreamStatus = result.error.upstreamStatus;
        await finish(outcomeOf(result.error.code), result.error.code);
        throw failureOf(result.error, result.error.authExpired ? 'needs_reauth' : undefined);
      }
      upstreamStatus = result.upstreamStatus;
      await finish('success');
      return { data: result.data, meta: { requestId: ctx.requestId, attempts, ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) } };
    } catch (error) {
      if (error instanceof CallFailure) throw error;
      if (error instanceof AppError) {
        await finish(outcomeOf(error.code), error.code);
        throw new CallFailure(error.code, error.message, error.extra);
      }
      await finish('failed', 'internal');
      throw error;
    }
  }
}

function outcomeOf(code: ErrorCode): AuditOutcome {
  if (code === 'rate_limited' || code === 'upstream_rate_limited') return 'throttled';
  if (code === 'forbidden' || code === 'unauthenticated' || code === 'connection_required') return 'denied';
  return 'failed';
}

function failureOf(error: ActionError, override?: ErrorCode): CallFailure {
  const code = override ?? error.code;
  return new CallFailure(code, error.message, {
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error.upstreamStatus !== undefined ? { upstreamStatus: error.upstreamStatus } : {}),
    ...(error.field ? { field: error.field } : {}),
  });
}


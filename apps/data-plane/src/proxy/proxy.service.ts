import { Inject, Injectable } from '@nestjs/common';
import type { EgressGuard } from '@causeway/egress';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { CallMetrics } from '../actions/call-metrics';
import type { CallAuditSink } from '../call-audit/call-audit';
import { CallTrail } from '../call/audited';
import { CallError } from '../call/call-error';
import { CallPipeline } from '../call/call-pipeline';
import { failed, type CallResult } from '../call/call-result';
import { ConfigView } from '../config-view/config-view';
import { CALL_AUDIT_SINK, CALL_METRICS, EGRESS_GUARD } from '../tokens';
import { planProxyCall, type ProxyRequest } from './proxy-plan';

export type { ProxyRequest };

/**
 * Raw passthrough for what the tool catalog does not cover, on the call pipeline like every
 * tool call: the key needs `proxy:Connection`, the connection must be in its allow-list; the
 * request is classified by the provider's declared path patterns (unknown paths are writes),
 * so approval policies, budgets and trust, quotas, upstream holds, the breaker, retries where
 * safe and `Idempotency-Key` apply as they do to tools; exactly one audit event names the
 * method and path template (never the query or body, unless the tenant opted in).
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly view: ConfigView,
    private readonly pipeline: CallPipeline,
    @Inject(EGRESS_GUARD) private readonly egress: EgressGuard,
    @Inject(CALL_AUDIT_SINK) private readonly audit: CallAuditSink,
    @Inject(CALL_METRICS) private readonly metrics: CallMetrics,
  ) {}

  async forward(principal: AgentPrincipal, request: ProxyRequest): Promise<CallResult> {
    const trail = new CallTrail({ principal, tool: 'proxy', requestId: request.requestId, workflowRunId: request.workflowRunId });
    let result: CallResult | undefined;
    try {
      if (!principal.permissions.includes('proxy:Connection')) {
        return (result = failed(new CallError('forbidden', 'this key may not make raw calls: it needs proxy:Connection', {}, 'key_scopes')));
      }
      const connection = this.view.connection(principal.tenantId, request.connectionId);
      // The tenant's catalog: its own connectors are proxied like the built-ins, to their declared hosts.
      const provider = connection ? this.view.tenantConnectors.catalogFor(principal.tenantId).provider(connection.provider) : undefined;
      if (!connection || !provider)
        return (result = failed(new CallError('not_found', `no connection ${request.connectionId} in this tenant`, { field: 'connectionId' })));
      trail.labels(provider.id, `${provider.id}.proxy`);
      const call = planProxyCall(provider, connection, request, this.egress);
      if (call instanceof CallError) return (result = failed(call));
      trail.named(call.audited, call.input);
      return (result = await this.pipeline.run(
        {
          principal,
          request: { input: call.input, connectionId: request.connectionId },
          requestId: request.requestId,
          ...(request.workflowRunId ? { workflowRunId: request.workflowRunId } : {}),
          ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
          ...(request.approvalId ? { approvalId: request.approvalId } : {}),
        },
        call.plan,
        trail,
      ));
    } finally {
      await trail.end(this.audit, this.metrics, result);
    }
  }
}

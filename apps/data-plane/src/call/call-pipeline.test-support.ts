import { Registry } from 'prom-client';
import type { ActionResult, ConnectorEngine, Credential, ExecuteActionCall } from '@causeway/connectors';
import type { BusMessage } from '@causeway/messaging';
import { ApiKeyAuthenticator, type AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { CallMetrics } from '../actions/call-metrics';
import type { CallAuditSink } from '../call-audit/call-audit';
import { change, connectionData, newView, pepper, seedTenant } from '../config-view/config-view.test-support';
import type { CredentialProvider } from '../credentials/credential-provider';
import { CallGuards, type CallLimits } from '../limits/call-guards';
import { CallPipeline, type CallContext } from './call-pipeline';

export const SPEC_LIMITS: CallLimits = { tenantCallsPerMinute: 6_000, keyCallsPerMinute: 6_000, keyConcurrentCalls: 100, fallbackShare: 1, breakerHalfOpenAfterMs: 60_000 };

/** A posted Slack message, as the engine answers it. */
export const POSTED: ActionResult = { ok: true, data: { ok: true, channel: 'C1', ts: '1.0' }, upstreamStatus: 200 };

/**
 * The call pipeline over fakes a spec can script: one tenant (`acme`) with a shared Slack
 * connection, an upstream whose answers the spec sets (`upstream.answer`), credentials that
 * count refreshes, and an audit sink that keeps every event.
 */
export function pipelineHarness(options: { limits?: Partial<CallLimits> } = {}) {
  const { view } = newView();
  const acme = seedTenant(view, 'acme');
  const registry = new Registry();
  const authenticator = new ApiKeyAuthenticator(view, pepper);
  const sent: ExecuteActionCall[] = [];
  const upstream = {
    sent,
    answer: async (_call: ExecuteActionCall): Promise<ActionResult> => POSTED,
  };
  const engine = { executeAction: (call: ExecuteActionCall) => (sent.push(call), upstream.answer(call)) } as unknown as ConnectorEngine;
  const credentials = {
    refreshes: 0,
    get: async (): Promise<Credential> => ({ authMode: 'oauth2', kind: 'token', token: 'old' }) as Credential,
    refreshAfterRejection: async (): Promise<Credential | null> => {
      credentials.refreshes += 1;
      return { authMode: 'oauth2', kind: 'token', token: 'new' } as Credential;
    },
  };
  const events: BusMessage[] = [];
  const audit: CallAuditSink = { publish: async (messages) => void events.push(...messages) };
  const guards = new CallGuards({ ...SPEC_LIMITS, ...options.limits }, { registry });
  const metrics = new CallMetrics(registry);
  const pipeline = new CallPipeline(view, () => engine, credentials as unknown as CredentialProvider, audit, guards, metrics);
  const principal = (): AgentPrincipal => authenticator.authenticate(acme.bearer);
  const call = (tool: string, overrides: Partial<CallContext> = {}, input: Record<string, unknown> = { channel: 'C1', text: 'hi' }) =>
    pipeline.call({ principal: principal(), tool, request: { input }, requestId: 'req-1', explain: false, ...overrides });
  /** Replaces the shared Slack connection by a new one (a new id), as the embedded default once did at every start. */
  const recreateSlackConnection = (id: string) => {
    view.apply(change(acme.tenantId, 'connection', acme.slack, null, 'delete'), 'stream');
    view.apply(change(acme.tenantId, 'connection', id, connectionData('slack')), 'stream');
  };
  const audited = () => events.map((m) => m.value as { outcome: string; tool: string; connectionId?: string; attempts: number; details?: { errorCode?: string; deniedBy?: string } });
  return { view, acme, registry, upstream, credentials, events, audited, guards, metrics, pipeline, principal, call, recreateSlackConnection };
}

import { Registry } from 'prom-client';
import type { ActionResult, ConnectorEngine, Credential, ExecuteActionCall } from '@causeway/connectors';
import type { BusMessage } from '@causeway/messaging';
import { ApiKeyAuthenticator, type AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { CallMetrics } from '../actions/call-metrics';
import type { CallAuditSink } from '../call-audit/call-audit';
import type { CallIntent, CallIntentJournal } from '../call-audit/call-intents';
import { change, connectionData, newView, pepper, seedTenant } from '../config-view/config-view.test-support';
import type { CredentialProvider } from '../credentials/credential-provider';
import { CallGuards, type CallLimits } from '../limits/call-guards';
import { CallPipeline, type CallContext } from './call-pipeline';
import { ProxyService } from '../proxy/proxy.service';
import type { ProxyRequest } from '../proxy/proxy-plan';
import type { EgressGuard, GuardedRequestInit } from '@causeway/egress';

export const SPEC_LIMITS: CallLimits = {
  tenantCallsPerMinute: 6_000,
  keyCallsPerMinute: 6_000,
  keyConcurrentCalls: 100,
  fallbackShare: 1,
  breakerHalfOpenAfterMs: 60_000,
};

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
  /** What happened in which order: intents begun and ended, upstream sends, audit events kept. */
  const timeline: string[] = [];
  const engine = { executeAction: (call: ExecuteActionCall) => (sent.push(call), timeline.push('sent'), upstream.answer(call)) } as unknown as ConnectorEngine;
  const credentials = {
    refreshes: 0,
    get: async (): Promise<Credential> => ({ authMode: 'oauth2', kind: 'token', token: 'old' }) as Credential,
    refreshAfterRejection: async (): Promise<Credential | null> => {
      credentials.refreshes += 1;
      return { authMode: 'oauth2', kind: 'token', token: 'new' } as Credential;
    },
  };
  const events: BusMessage[] = [];
  const audit: CallAuditSink & { refuse?: Error } = {
    publish: async (messages) => {
      if (audit.refuse) throw audit.refuse;
      events.push(...messages);
      timeline.push(...messages.map((m) => `event:${(m.value as { outcome: string }).outcome}`));
    },
  };
  /** The intent journal: intents still open, and a failure the spec can set. */
  const intents = {
    open: new Map<string, CallIntent>(),
    refuse: undefined as Error | undefined,
    begin: async (id: string, intent: CallIntent) => {
      if (intents.refuse) throw intents.refuse;
      intents.open.set(id, intent);
      timeline.push('intent.begun');
    },
    end: async (id: string) => {
      intents.open.delete(id);
      timeline.push('intent.ended');
    },
  } satisfies CallIntentJournal & Record<string, unknown>;
  const guards = new CallGuards({ ...SPEC_LIMITS, ...options.limits }, { registry });
  const metrics = new CallMetrics(registry);
  const pipeline = new CallPipeline(view, () => engine, credentials as unknown as CredentialProvider, audit, guards, metrics, undefined, intents);
  /** The upstream behind the raw proxy: every request it received, and its answer (the spec sets it). */
  const raw = {
    sent: [] as { url: string; init: GuardedRequestInit }[],
    answer: async (_url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"ok":true}'),
    }),
  };
  const egress = {
    fetch: async (url: string | URL, init: GuardedRequestInit) => {
      raw.sent.push({ url: String(url), init });
      timeline.push('sent');
      return { ...(await raw.answer(String(url))), url: String(url), redirects: 0 };
    },
    close: async () => undefined,
  } as unknown as EgressGuard;
  const proxyService = new ProxyService(view, pipeline, egress, audit, metrics);
  const principal = (): AgentPrincipal => authenticator.authenticate(acme.bearer);
  /** A raw request through `/v1/proxy/{the shared Slack connection}/{path}`. */
  const proxyAs = (who: AgentPrincipal, method: string, path: string, overrides: Partial<ProxyRequest> = {}) =>
    proxyService.forward(who, { connectionId: acme.slack, path, query: '', method, headers: {}, requestId: 'req-1', ...overrides });
  const proxy = (method: string, path: string, overrides: Partial<ProxyRequest> = {}) => proxyAs(principal(), method, path, overrides);
  const call = (tool: string, overrides: Partial<CallContext> = {}, input: Record<string, unknown> = { channel: 'C1', text: 'hi' }) =>
    pipeline.call({ principal: principal(), tool, request: { input }, requestId: 'req-1', explain: false, ...overrides });
  /** Replaces the shared Slack connection by a new one (a new id), as the embedded default once did at every start. */
  const recreateSlackConnection = (id: string) => {
    view.apply(change(acme.tenantId, 'connection', acme.slack, null, 'delete'), 'stream');
    view.apply(change(acme.tenantId, 'connection', id, connectionData('slack')), 'stream');
  };
  const audited = () =>
    events.map(
      (m) => m.value as { outcome: string; tool: string; connectionId?: string; attempts: number; details?: { errorCode?: string; deniedBy?: string } },
    );
  return {
    view,
    acme,
    registry,
    upstream,
    raw,
    credentials,
    events,
    timeline,
    intents,
    audited,
    guards,
    metrics,
    pipeline,
    proxyService,
    auditSink: audit,
    proxy,
    proxyAs,
    principal,
    call,
    recreateSlackConnection,
  };
}

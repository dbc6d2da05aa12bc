import { createHash } from 'node:crypto';
import {
  findHttpAuthMode,
  injectCredential,
  proxyRequestKind,
  proxyResult,
  type ActionResult,
  type Credential,
  type ProviderDefinition,
} from '@causeway/connectors';
import { isEgressError, type EgressGuard } from '@causeway/egress';
import { instanceHostsOf } from '../actions/engine-for';
import { upstreamAdmission } from '../call/admit';
import { CallError } from '../call/call-error';
import type { CallPlan } from '../call/call-pipeline';
import type { ConnectionRecord } from '../config-view/records';
import { proxyTarget } from './proxy-path';

export interface ProxyRequest {
  connectionId: string;
  /** Path below the provider's base URL as the agent sent it, without a leading slash. */
  path: string;
  query: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
  requestId: string;
  idempotencyKey?: string;
  approvalId?: string;
  workflowRunId?: string;
}

/** Request headers an agent may pass through; everything else (its own Authorization first) is dropped. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'if-match', 'if-none-match', 'x-contentful-version', 'x-github-api-version'];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'link',
  'retry-after',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'sforce-limit-info',
  'location',
];

/** The proxied request as a call the pipeline runs: its side effect, audit name and upstream request. */
export interface ProxyCall {
  plan: CallPlan;
  /** `{provider}.proxy {METHOD} {path template}`: what the audit trail names. */
  audited: string;
  /** What a tenant that opted in to payloads records: method, path and query; the body only as its hash. */
  input: Record<string, unknown>;
}

/**
 * A raw request on a connection as a plan for the call pipeline: the base URL of the
 * connection's server, the normalised path, its side effect from the provider's declared
 * patterns (unknown paths are writes), and the request itself with the credential injected,
 * through the egress guard to the provider's declared hosts only.
 */
export function planProxyCall(provider: ProviderDefinition, connection: ConnectionRecord, request: ProxyRequest, egress: EgressGuard): ProxyCall | CallError {
  const mode = provider.authModes.find((m) => m.id === connection.authMode);
  const serverName = (mode && 'server' in mode && mode.server) || 'default';
  const template = connection.serverOverrides?.[serverName] ?? provider.servers[serverName]?.url;
  if (!template) return new CallError('internal', `${provider.id} declares no ${serverName} server`);
  const base = template.replace(/\{(\w+)\}/g, (_, name: string) => connection.params[name] ?? `{${name}}`).replace(/\/$/, '');
  if (/\{\w+\}/.test(base)) return new CallError('connection_required', `connection ${request.connectionId} lacks a parameter its URL needs`);
  const targeted = proxyTarget(base, request.path, request.query);
  if (!targeted.ok) return new CallError('invalid_input', targeted.reason, { field: 'path' });
  // The path below the base, as the provider's declared patterns name it.
  const path = targeted.url.pathname.slice(new URL(base).pathname.replace(/\/+$/, '').length);

  const method = request.method.toUpperCase();
  const kind = proxyRequestKind(provider, method, path);
  const tool = `${provider.id}.proxy`;
  const input = {
    method,
    path,
    query: request.query,
    ...(request.body?.length ? { bodySha256: createHash('sha256').update(request.body).digest('hex') } : {}),
  };
  const url = targeted.url.href;

  const send = async (credential: Credential, signal: AbortSignal, timeoutMs: number): Promise<ActionResult> => {
    const headers: Record<string, string> = { ...(provider.defaultHeaders ?? {}) };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // The credential goes where its auth mode says, as for typed actions (templates, extra
    // headers, two-header keys), by the engine's one implementation.
    const found = findHttpAuthMode(provider, credential);
    if (!found.ok) return { ok: false, error: found.error };
    const outgoing = { method, url, headers };
    injectCredential(found.mode, credential, outgoing);
    const target = new URL(outgoing.url);
    let response;
    try {
      response = await egress.fetch(
        target,
        {
          method,
          headers,
          body: request.body?.length ? request.body : undefined,
          redirect: 'follow',
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        },
        { declaredHosts: provider.hosts, instanceHosts: instanceHostsOf(connection) },
      );
    } catch (error) {
      // Refused before anything was sent (a host the provider does not declare, a private address).
      if (isEgressError(error)) return { ok: false, error: { code: error.errorCode, message: error.message, retryable: false } };
      throw error;
    }
    const forwarded: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers[name];
      if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return proxyResult(provider, { status: response.status, headers: forwarded, body: response.body }, Date.now());
  };

  return {
    audited: `${tool} ${kind.template}`,
    input,
    plan: {
      provider,
      action: { sideEffect: kind.sideEffect },
      tool,
      agentRequest: { tool, connectionId: request.connectionId, input },
      admission: (connectionId) => upstreamAdmission(provider.id, connectionId, undefined),
      send: () => send,
    },
  };
}

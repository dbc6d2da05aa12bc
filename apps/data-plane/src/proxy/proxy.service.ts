import { Inject, Injectable } from '@nestjs/common';
import { catalog, type Credential } from '@causeway/connectors';
import { isEgressError, type EgressGuard } from '@causeway/egress';
import { AppError } from '@causeway/platform';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { callAuditMessage, type CallAuditSink } from '../call-audit/call-audit';
import { ConfigView } from '../config-view/config-view';
import { selectConnection } from '../connections/connection-selector';
import type { CredentialProvider } from '../credentials/credential-provider';
import { instanceHostsOf } from '../actions/engine-for';
import { proxyTarget } from './proxy-path';
import { CALL_AUDIT_SINK, CREDENTIALS, EGRESS_GUARD } from '../tokens';

export interface ProxyRequest {
  connectionId: string;
  /** Path below the provider's base URL, without a leading slash. */
  path: string;
  query: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
  requestId: string;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Request headers an agent may pass through; everything else (its own Authorization first) is dropped. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'if-match', 'if-none-match', 'x-contentful-version', 'x-github-api-version'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'etag', 'link', 'retry-after', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'sforce-limit-info', 'location'];

/**
 * Raw passthrough for what the tool catalog does not cover, where policy allows it: the key
 * needs `proxy:Connection` (scopes ∩ its creator's permissions) and the connection must be in
 * its allow-list. Credentials are injected as the provider's auth mode says; the request
 * goes only to the provider's declared hosts (or the connection's verified instance) through
 * the egress guard; and the call is audited like any other.
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly view: ConfigView,
    @Inject(CREDENTIALS) private readonly credentials: CredentialProvider,
    @Inject(EGRESS_GUARD) private readonly egress: EgressGuard,
    @Inject(CALL_AUDIT_SINK) private readonly audit: CallAuditSink,
  ) {}

  async forward(principal: AgentPrincipal, request: ProxyRequest): Promise<ProxyResponse> {
    const started = performance.now();
    const connection = this.view.connection(principal.tenantId, request.connectionId);
    const provider = connection ? catalog.provider(connection.provider) : undefined;
    const tool = `${connection?.provider ?? 'unknown'}.proxy`;
    let status: number | undefined;
    let outcome: 'success' | 'denied' | 'failed' = 'failed';
    try {
      if (!principal.permissions.includes('proxy:Connection')) {
        outcome = 'denied';
        throw new AppError('forbidden', 'this key may not make raw calls: it needs proxy:Connection');
      }
      if (!connection || !provider) throw new AppError('not_found', `no connection ${request.connectionId} in this tenant`, { field: 'connectionId' });
      selectConnection(this.view, principal, provider.id, { connectionId: request.connectionId });
      const mode = provider.authModes.find((m) => m.id === connection.authMode);
      const serverName = (mode && 'server' in mode && mode.server) || 'default';
      const template = connection.serverOverrides?.[serverName] ?? provider.servers[serverName]?.url;
      if (!template) throw new AppError('internal', `${provider.id} declares no ${serverName} server`);
      const base = template.replace(/\{(\w+)\}/g, (_, name: string) => connection.params[name] ?? `{${name}}`);
      if (/\{\w+\}/.test(base)) throw new AppError('connection_required', `connection ${request.connectionId} lacks a parameter its URL needs`);
      const targeted = proxyTarget(base, request.path, request.query);
      if (!targeted.ok) throw new AppError('invalid_input', targeted.reason, { field: 'path' });
      const url = targeted.url;

      const ref = { tenantId: principal.tenantId, connectionId: request.connectionId, provider: provider.id };
      const send = (credential: Credential) => {
        const target = new URL(url);
        const headers: Record<string, string> = { ...(provider.defaultHeaders ?? {}) };
        for (const name of FORWARDED_REQUEST_HEADERS) {
          const value = request.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        inject(headers, target, credential, mode && 'inject' in mode ? mode.inject : undefined);
        return this.egress.fetch(
          target,
          { method: request.method, headers, body: request.body?.length ? request.body : undefined, redirect: 'follow' },
          { declaredHosts: provider.hosts, instanceHosts: instanceHostsOf(connection) },
        );
      };
      const credential = await this.credentials.get(ref);
      let response = await send(credential);
      // A token the provider ended early (no expiry known, or revoked and re-granted): one
      // refresh and one retry, never a loop. The body is buffered, so resending it is safe.
      if (response.status === 401) {
        const refreshed = await this.credentials.refreshAfterRejection(ref, credential);
        if (refreshed) response = await send(refreshed);
      }
      status = response.status;
      outcome = response.status < 400 ? 'success' : 'failed';
      const forwarded: Record<string, string> = {};
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = response.headers[name];
        if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.status, headers: forwarded, body: response.body };
    } catch (error) {
      if (isEgressError(error)) throw new AppError(error.errorCode, error.message);
      throw error;
    } finally {
      await this.audit.publish([
        callAuditMessage({
          tenantId: principal.tenantId,
          keyId: principal.keyId,
          keyName: principal.keyName,
          tool,
          connectionId: connection ? request.connectionId : undefined,
          outcome,
          upstreamStatus: status,
          attempts: status ? 1 : 0,
          latencyMs: performance.now() - started,
          correlationId: request.requestId,
        }),
      ]);
    }
  }
}

function inject(headers: Record<string, string>, url: URL, credential: Credential, how: { in: 'header'; name: string; scheme?: string } | { in: 'query'; name: string } | undefined) {
  if (credential.kind === 'basic') {
    headers['authorization'] = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    return;
  }
  if (how?.in === 'query') {
    url.searchParams.set(how.name, credential.token);
    return;
  }
  const name = (how?.name ?? 'authorization').toLowerCase();
  headers[name] = how?.scheme ? `${how.scheme} ${credential.token}` : (how ? credential.token : `Bearer ${credential.token}`);
}

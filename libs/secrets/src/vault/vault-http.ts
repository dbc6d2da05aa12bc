import { Agent, request } from 'undici';
import { SecretStoreAccessDeniedError } from '../errors';

/*
 * Talks to VAULT_ADDR with undici directly, not through the egress guard: the address is the
 * operator's own configuration (never a tenant's or an agent's), is usually a private address
 * the guard refuses by design, and needs its own TLS trust (a private CA) on the dispatcher.
 * The lint rule names this file as an exception for that reason.
 */
export interface VaultHttpOptions {
  /** Origin (and optional base path) of the server, without a trailing slash. */
  address: string;
  namespace?: string;
  /** PEM of a private CA that signed the server certificate. */
  ca?: string;
  connectTimeoutMs?: number;
  /** Per request: time to the response headers, and between body chunks. */
  requestTimeoutMs?: number;
}

export interface VaultResponse {
  status: number;
  /** Parsed JSON body; undefined for an empty or non-JSON body. */
  body: unknown;
}

export type VaultMethod = 'GET' | 'POST' | 'DELETE';

/**
 * The request never reached Vault (`sent: false`: DNS, refused, connect timeout) or its answer
 * was lost (`sent: true`: reset, timeout while waiting). The distinction decides whether a
 * write may be retried.
 */
export class VaultTransportError extends Error {
  constructor(
    readonly sent: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VaultTransportError';
  }
}

/** Error codes that prove the request bytes never left this process. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Vault's HTTP API and nothing more: base URL, namespace header, token header, JSON in and out.
 * Tokens go only into the `X-Vault-Token` header; they are never part of a URL or a message.
 */
export class VaultHttp {
  private readonly agent: Agent;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: VaultHttpOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 5_000, ...(options.ca ? { ca: options.ca } : {}) },
      keepAliveTimeout: 10_000,
    });
  }

  async send(
    method: VaultMethod,
    apiPath: string,
    { token, body, query }: { token?: string; body?: unknown; query?: Record<string, string> } = {},
  ): Promise<VaultResponse> {
    const url = new URL(`${this.options.address}/v1/${apiPath}`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['x-vault-token'] = token;
    if (this.options.namespace) headers['x-vault-namespace'] = this.options.namespace;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response;
    try {
      response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs,
      });
    } catch (error) {
      throw transportError(method, apiPath, error);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw transportError(method, apiPath, error, true);
    }
    const answer = { status: response.statusCode, body: parseJson(text) };
    if (this.options.namespace && isMissingNamespace(answer)) {
      // Every path of a namespace that does not exist answers this 404; without the variable's
      // name the operator would look for a missing secret or mount instead.
      throw new SecretStoreAccessDeniedError(
        `Vault has no namespace ${JSON.stringify(this.options.namespace)} (VAULT_NAMESPACE): it answered 404 "namespace not found"`,
      );
    }
    return answer;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function isMissingNamespace(response: VaultResponse): boolean {
  if (response.status !== 404) return false;
  const errors = (response.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.includes('namespace not found');
}

function transportError(method: string, apiPath: string, error: unknown, sent?: boolean): VaultTransportError {
  const code = errorCode(error);
  const wasSent = sent ?? !NOT_SENT.has(code);
  return new VaultTransportError(wasSent, `Vault ${method} ${apiPath} failed: ${code || 'transport error'}`, {
    cause: error,
  });
}

function errorCode(error: unknown): string {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/*
 * A bare undici transport, outside the egress guard on purpose: it is the engine's default for
 * tests against local simulators and for the catalog CLI, which reach no tenant's destination.
 * The services never rely on the default: the data plane and the control plane pass
 * `providerTransport` (libs/egress) to every engine and token call, and the data plane's
 * CredentialProvider requires one. The lint rule names this file as an exception for that reason.
 */
import { request, type Dispatcher } from 'undici';
import { ResponseTooLargeError, type HttpTransport } from '@causeway/contracts';

export interface UndiciTransportOptions {
  /** Lets the data plane add connection pooling, egress (SSRF) checks or a proxy. */
  dispatcher?: Dispatcher;
  /** Upstream bodies are untrusted; stop reading past this size. Default 10 MiB. */
  maxResponseBytes?: number;
}

export { ResponseTooLargeError, UpstreamTimeoutError } from '@causeway/contracts';

/**
 * The engine's unguarded default, for tests, the catalog tools and the importer CLI. Services
 * never use it: the data plane and the control plane pass `providerTransport(egress, …)` to
 * every engine, token, revocation and discovery call (the control plane's seams take it as a
 * required argument). It lives here rather than in libs/egress, which takes the providers' hosts
 * as input and knows nothing of the connectors; the lint rule names this file as its one
 * exception for that reason.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  return async (upstream) => {
    const response = await request(upstream.url, {
      method: upstream.method as Dispatcher.HttpMethod,
      headers: upstream.headers,
      body: upstream.body,
      signal: upstream.signal,
      dispatcher: options.dispatcher,
    });
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of response.body) {
      received += (chunk as Buffer).length;
      if (received > maxBytes) {
        response.body.destroy();
        throw new ResponseTooLargeError(maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
  };
}

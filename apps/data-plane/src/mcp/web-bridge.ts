import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What the MCP transport reads from a request. The Authorization header stays behind: the
 * key is checked before MCP handling, and handlers have no business seeing the secret.
 */
const FORWARDED_HEADERS = ['accept', 'content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id'];

/** A Web `Request` for the SDK's web-standard transport; the body travels pre-parsed beside it. */
export function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // Only the path and query matter to the transport; the host is deliberately not trusted.
  return new Request(new URL(request.url, 'http://causeway.internal'), { method: request.method, headers });
}

/**
 * Copies the transport's answer onto Fastify's reply, so Fastify still owns the response:
 * its hooks (request id header, metrics, logging) run as for every other route.
 */
export async function sendWebResponse(reply: FastifyReply, response: Response): Promise<void> {
  const body = await response.text();
  void reply.status(response.status);
  response.headers.forEach((value, name) => void reply.header(name, value));
  void reply.send(body.length > 0 ? body : undefined);
}

/** Streams the transport's answer (a session's SSE stream) as it is written; Fastify still owns the reply. */
export function sendWebStream(reply: FastifyReply, response: Response): void {
  void reply.status(response.status);
  response.headers.forEach((value, name) => void reply.header(name, value));
  void reply.send(response.body ? Readable.fromWeb(response.body as NodeWebStream) : undefined);
}

/** A JSON-RPC error outside any request (no id), as the SDK's transport itself writes them. */
export function sendJsonRpcError(reply: FastifyReply, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  void reply
    .status(status)
    .headers({ 'content-type': 'application/json', ...headers })
    .send(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

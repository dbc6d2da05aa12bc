import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MCP_TRANSPORT_REFUSAL_CODES } from '@causeway/contracts';

/**
 * MCP's streamable HTTP transport requires servers to validate `Origin`: without it, a web
 * page whose host name is re-bound to 127.0.0.1 (DNS rebinding) could drive a local data
 * plane from the victim's browser. Requests without `Origin` (agents, CLIs, servers) pass.
 *
 * Allowed: the origins in `MCP_ALLOWED_ORIGINS` (comma-separated, e.g. a browser-based MCP
 * client's `https://agents.example.com`), and the data plane's own loopback origin (a
 * loopback host name on the port the request arrived on). The request's `Host` header is not
 * trusted for this: under DNS rebinding it names the attacker's host too.
 */
const allowedOriginsSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ error: 'MCP_ALLOWED_ORIGINS: expected comma-separated origins such as https://agents.example.com' })))
  .transform((origins) => new Set(origins.map((origin) => new URL(origin).origin)));

// Parsed once at start-up, so a malformed value stops the boot with a message naming it.
const configuredOrigins = allowedOriginsSchema.parse(process.env.MCP_ALLOWED_ORIGINS);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const JSON_RPC_SERVER_ERROR = -32000;

export function isOriginAllowed(origin: string | undefined, localPort: number | undefined, allowed: ReadonlySet<string> = configuredOrigins): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.has(url.origin)) return true;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && port === localPort;
}

/** Answers 403 with a JSON-RPC error and returns true when the request's Origin is not allowed. */
export function refuseForeignOrigin(request: FastifyRequest, reply: FastifyReply, allowed: ReadonlySet<string> = configuredOrigins): boolean {
  const origin = request.headers.origin;
  if (isOriginAllowed(Array.isArray(origin) ? origin[0] : origin, request.socket.localPort, allowed)) return false;
  void reply
    .status(MCP_TRANSPORT_REFUSAL_CODES.origin_not_allowed.status)
    .header('content-type', 'application/json')
    .send(
      JSON.stringify({
        jsonrpc: '2.0',
        error: {
          code: JSON_RPC_SERVER_ERROR,
          message: 'Forbidden: this Origin may not use the MCP endpoint (set MCP_ALLOWED_ORIGINS to allow it)',
          data: { code: 'origin_not_allowed' },
        },
        id: null,
      }),
    );
  return true;
}

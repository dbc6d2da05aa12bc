/*
 * Zendesk Support API simulator (https://{subdomain}.zendesk.com/api/v2). Reproduces, per
 * developer.zendesk.com:
 * - Auth: `Authorization: Bearer <OAuth token>` or Basic `{email}/token:{api_token}`; anything
 *   else is 401 {"error":"Couldn't authenticate you"}
 *   (https://developer.zendesk.com/api-reference/introduction/security-and-auth/).
 * - Account limit per minute with X-Rate-Limit / X-Rate-Limit-Remaining on every response;
 *   over it, 429 with Retry-After in seconds and a text/plain body
 *   (https://developer.zendesk.com/api-reference/introduction/rate-limits/).
 * - Errors {"error":"RecordNotFound","description":"Not found"} and {"error":"RecordInvalid",
 *   "description":"Record validation errors","details":{field:[{description}]}}
 *   (https://developer.zendesk.com/api-reference/ticketing/introduction/).
 * - Cursor pagination: `page[size]` (≤ 100) and `page[after]` in; `meta.has_more`,
 *   `meta.after_cursor`, `links.next` out (https://developer.zendesk.com/api-reference/introduction/pagination/).
 * - Tickets: list, show, create (201), update with a comment (200 { ticket, audit }), closed
 *   tickets refuse updates, delete (204), ticket comments.
 * Not reproduced: offset paging, per-endpoint limits, soft-deleted ticket restore, side-loads.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { registerZendeskTickets, ZendeskTickets } from './zendesk-tickets';

export interface ZendeskSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** Requests per minute (Enterprise plan: 700). */
  requestsPerMinute?: number;
  /** How many tickets to start with (every third one closed). */
  seedTickets?: number;
}

export interface ZendeskSimulatorControl extends TokenApiControl {
  readonly tickets: ZendeskTickets;
}

/** Basic `{email}/token:{api_token}`: the password is the token. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const split = decoded.indexOf(':');
    return split > 0 && decoded.slice(0, split).endsWith('/token') ? decoded.slice(split + 1) : undefined;
  }
  return bearerOf(request);
}

export async function startZendeskSimulator(options: ZendeskSimulatorOptions = {}): Promise<RunningSimulator<ZendeskSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const limit = options.requestsPerMinute ?? 700;
  const tickets = new ZendeskTickets(() => new Date(clock.now()).toISOString());
  tickets.seed(options.seedTickets ?? 5);
  const errors = {
    notFound: (reply: FastifyReply) => reply.code(404).send({ error: 'RecordNotFound', description: 'Not found' }),
    invalid: (reply: FastifyReply, field: string, description: string) =>
      reply.code(422).send({ error: 'RecordInvalid', description: 'Record validation errors', details: { [field]: [{ description }] } }),
  };
  return startTokenApi(
    {
      tokenPrefix: 'zd_',
      subject: 'agent@example.com',
      tokenOf,
      unauthorized: (reply) => reply.code(401).send({ error: "Couldn't authenticate you" }),
      limitHeaders: (verdict) => ({ 'x-rate-limit': String(verdict.limit), 'x-rate-limit-remaining': String(verdict.remaining) }),
      rateLimited: (reply, seconds) =>
        reply.code(429).header('retry-after', String(seconds)).type('text/plain').send('Number of allowed API requests per minute exceeded'),
      serverError: (reply, status) => reply.code(status).send({ error: 'InternalError', description: 'Something went wrong' }),
    },
    { clock, port: options.port, limit, windowMs: 60_000 },
    (api, context) => {
      registerZendeskTickets(api, tickets, context, errors);
      return { tickets };
    },
  );
}

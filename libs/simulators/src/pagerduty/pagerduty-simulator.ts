/*
 * PagerDuty REST API v2 simulator (api.pagerduty.com), following PagerDuty's own OpenAPI
 * description (github.com/PagerDuty/api-schema, reference/REST/openapiv3.json) and
 * developer.pagerduty.com:
 * - `Authorization: Token token=<REST API key>` or `Bearer <OAuth token>`; writes made with an
 *   API key need a `From` header naming a user of the account (the spec marks it required).
 * - Errors `{ error: { message, code, errors?: [..] } }`: 404 `{ message: "Not Found", code:
 *   2100 }` (the spec's example) and 400 `{ message: "Invalid Input Provided", code: 2001,
 *   errors }`. The detail strings in `errors`, and the 401 and 429 messages, are the
 *   simulator's own wording within that documented shape.
 * - Offset pagination: `limit` (≤ 100), `offset`; `more`, and `total` only with `total=true`
 *   (https://developer.pagerduty.com/docs/pagination). Array filters are repeated
 *   `statuses[]=…` parameters.
 * - Per-key request budget per minute with `ratelimit-limit`, `ratelimit-remaining` and
 *   `ratelimit-reset` (seconds until the window resets) on every response; 429 when spent
 *   (https://support.pagerduty.com/docs/rest-api-rate-limits).
 * - Incidents: list, show, create 201 (deduplicated by incident_key among open incidents),
 *   update status, notes; services: list, delete 204.
 * Not reproduced: assignments and escalation, log entries, merges, every filter.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { PagerDutyAccount } from './pagerduty-account';
import { registerPagerDutyIncidents } from './pagerduty-incidents';
import { registerPagerDutyServices } from './pagerduty-services';

export interface PagerDutySimulatorOptions {
  clock?: Clock;
  port?: number;
  requestsPerMinute?: number;
  seedIncidents?: number;
}

export interface PagerDutySimulatorControl extends TokenApiControl {
  readonly account: PagerDutyAccount;
}

const API_KEY = /^Token token=(.+)$/;

function tokenOf(request: FastifyRequest): string | undefined {
  const match = API_KEY.exec(request.headers.authorization ?? '');
  return match ? match[1] : bearerOf(request);
}

export async function startPagerDutySimulator(options: PagerDutySimulatorOptions = {}): Promise<RunningSimulator<PagerDutySimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const account = new PagerDutyAccount(() => new Date(clock.now()).toISOString());
  account.seed(options.seedIncidents ?? 7);
  const error = (reply: FastifyReply, status: number, body: Record<string, unknown>) => reply.code(status).send({ error: body });
  const errors = {
    notFound: (reply: FastifyReply) => error(reply, 404, { message: 'Not Found', code: 2100 }),
    invalid: (reply: FastifyReply, details: string[]) => error(reply, 400, { message: 'Invalid Input Provided', code: 2001, errors: details }),
    requireFrom: (request: FastifyRequest, reply: FastifyReply) => {
      if (!API_KEY.test(request.headers.authorization ?? '')) return undefined;
      const from = request.headers['from'];
      if (typeof from === 'string' && account.userEmails.has(from.toLowerCase())) return undefined;
      return error(reply, 400, { message: 'Invalid Input Provided', code: 2001, errors: ['The From header must name a user of this account.'] });
    },
  };
  return startTokenApi(
    {
      tokenPrefix: 'u+',
      subject: 'PXPGF42',
      tokenOf,
      unauthorized: (reply) => error(reply, 401, { message: 'Authentication required' }),
      limitHeaders: (verdict, now) => ({
        'ratelimit-limit': String(verdict.limit),
        'ratelimit-remaining': String(verdict.remaining),
        'ratelimit-reset': String(Math.max(0, Math.ceil((verdict.resetAt - now) / 1000))),
      }),
      rateLimited: (reply) => error(reply, 429, { message: 'Rate Limit Exceeded' }),
      serverError: (reply, status) => error(reply, status, { message: 'Internal Server Error' }),
    },
    { clock, port: options.port, limit: options.requestsPerMinute ?? 960, windowMs: 60_000 },
    (api, context) => {
      registerPagerDutyIncidents(api, account, context, errors);
      registerPagerDutyServices(api, account, context, errors);
      return { account };
    },
  );
}

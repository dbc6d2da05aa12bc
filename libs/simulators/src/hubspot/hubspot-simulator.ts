/*
 * HubSpot CRM contacts simulator (api.hubapi.com). Reproduces, per developers.hubspot.com:
 * - `Authorization: Bearer` (OAuth or private app token); otherwise 401 with category
 *   INVALID_AUTHENTICATION (https://developers.hubspot.com/docs/api/error-handling).
 * - Errors `{ status: "error", message, correlationId, category, errors?: [{ message, code,
 *   context: { propertyName: [..] } }] }`: OBJECT_NOT_FOUND 404, VALIDATION_ERROR 400 (unknown
 *   property), CONFLICT 409 ("Contact already exists. Existing ID: n").
 * - Burst limit per 10 seconds with X-HubSpot-RateLimit-Max / -Remaining /
 *   -Interval-Milliseconds; over it 429 `{ status: "error", errorType: "RATE_LIMIT",
 *   policyName: "TEN_SECONDLY_ROLLING" }` (https://developers.hubspot.com/docs/api/usage-details).
 * - CRM v3 contacts: list (`limit`, `after`, `properties`, `archived`; `paging.next.after`
 *   absent on the last page), read, create 201, PATCH, DELETE 204 (archive; restorable, so an
 *   archived contact is listed with `archived=true`), and search with filterGroups, `query`,
 *   `total` and `after`.
 * Not reproduced: associations, batch endpoints, the daily limit, property history.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { HubSpotContacts, registerHubSpotContacts } from './hubspot-contacts';

export interface HubSpotSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** Burst requests per 10 seconds (Free/Starter: 100). */
  requestsPerTenSeconds?: number;
  seedContacts?: number;
}

export interface HubSpotSimulatorControl extends TokenApiControl {
  readonly contacts: HubSpotContacts;
}

export async function startHubSpotSimulator(options: HubSpotSimulatorOptions = {}): Promise<RunningSimulator<HubSpotSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const contacts = new HubSpotContacts(() => new Date(clock.now()).toISOString());
  for (let index = 1; index <= (options.seedContacts ?? 5); index++) {
    contacts.add({ email: `person${index}@example.com`, firstname: `Person`, lastname: `Number ${index}`, company: index % 2 ? 'Acme' : 'Globex' });
  }
  const send = (reply: FastifyReply, status: number, category: string, message: string, errors?: unknown[]) =>
    reply.code(status).send({ status: 'error', message, correlationId: randomUUID(), category, ...(errors ? { errors } : {}) });
  return startTokenApi(
    {
      tokenPrefix: 'pat-na1-',
      subject: 'portal-62515',
      tokenOf: bearerOf,
      unauthorized: (reply) => send(reply, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.'),
      limitHeaders: (verdict, _now) => ({
        'x-hubspot-ratelimit-max': String(verdict.limit),
        'x-hubspot-ratelimit-remaining': String(verdict.remaining),
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
      }),
      rateLimited: (reply) =>
        reply.code(429).send({
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: 'TEN_SECONDLY_ROLLING',
        }),
      serverError: (reply, status) => send(reply, status, 'INTERNAL_ERROR', 'internal error'),
    },
    { clock, port: options.port, limit: options.requestsPerTenSeconds ?? 100, windowMs: 10_000 },
    (api, context) => {
      registerHubSpotContacts(api, contacts, context, { send });
      return { contacts };
    },
  );
}

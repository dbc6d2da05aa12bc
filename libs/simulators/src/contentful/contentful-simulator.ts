/*
 * Contentful simulator: Content Management API and Content Delivery API on two listeners (they
 * are different hosts with different tokens in reality). Reproduces, per
 * /work/shared/vendors/contentful.md and the sources it cites (contentful.com reference docs,
 * contentful-management.js, contentful.rb / contentful-management.rb recorded cassettes):
 * - Auth: `Authorization: Bearer` or `?access_token=`; unknown/revoked token -> 401
 *   { sys: { type: "Error", id: "AccessTokenInvalid" }, message: "The access token you sent could not
 *   be found or is invalid.", requestId }. Management tokens do not work on delivery and vice versa.
 *   OAuth apps: be.contentful.com-style GET /oauth/authorize?response_type=token (implicit grant;
 *   the token arrives in the redirect fragment) and POST /oauth/revoke. Personal access tokens: POST
 *   /users/me/access_tokens -> 201 { sys, name, scopes, revokedAt: null, token: "CFPAT-…" } (token
 *   shown once), PUT /users/me/access_tokens/{id}/revoked; optional expiresIn.
 * - Errors: { sys: { type: "Error", id }, message, details?, requestId } with X-Contentful-Request-Id;
 *   NotFound 404 with details { type, id, environment, space }, InvalidQuery 400, ValidationFailed 422
 *   with details.errors[{ name, path, details, value?, type? }], VersionMismatch 409, BadRequest 400.
 * - Versioning: create -> version 1 (201, draft); every write bumps sys.version by 1; PUT needs
 *   X-Contentful-Version equal to the current version (stale or missing -> 409 VersionMismatch) and
 *   replaces all fields; publish (PUT …/published with the version) sets publishedVersion = version
 *   and bumps version; unpublish (DELETE …/published) bumps version and drops publishedVersion
 *   ("Not published" 400 when not published); delete 204, refused with 400 "Cannot deleted published"
 *   for published entries. Content-type validations (required fields) run on publish only (422);
 *   wrong value types are refused on every write (422).
 * - Collections: { sys: { type: "Array" }, total, skip, limit, items }, skip/limit (limit <= 1000),
 *   order, full-text query, fields.* filters needing content_type (contentful-search.ts).
 * - Delivery API: published snapshots only, sys without version but with revision and locale, fields
 *   flat for the requested locale (fallback to the default), nested with locale=*.
 * - Rate limits: management about 7 requests/second (configurable), hour limit 36000; every management
 *   response carries X-Contentful-Ratelimit-Second-Limit/-Second-Remaining/-Hour-Limit/-Hour-Remaining/
 *   -Reset; a 429 has X-Contentful-RateLimit-Reset = seconds until a request is accepted and body
 *   sys.id RateLimitExceeded. Delivery sends x-contentful-ratelimit-second-limit (55) on 200 and 429.
 * - Webhooks (contentful-hooks.ts): definitions, the space's request-signing secret, and an entry
 *   published sent as ContentManagement.Entry.publish, signed.
 * This file is the two listeners, OAuth, authentication and rate limits; each resource's routes
 * live in its own module: contentful-entries.ts, contentful-access-tokens.ts (Management API),
 * contentful-delivery.ts (Delivery API); shared: contentful-routes.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, redirectAllowed, type SimulatedClient } from '../common/oauth';
import { randomHex } from '../common/random';
import { baseControl, bodyObject, createSimulatorApp, listen, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { registerAccessTokenRoutes } from './contentful-access-tokens';
import { registerDeliveryRoutes } from './contentful-delivery';
import { registerEntryRoutes } from './contentful-entries';
import { ContentfulWebhooks, registerContentfulHookRoutes } from './contentful-hooks';
import type { ContentfulRoutes } from './contentful-routes';
import { ContentfulSpace, SIM_SPACE_ID, SIM_USER_ID, type ValidationIssue } from './contentful-space';

export interface ContentfulSimulatorOptions {
  clock?: Clock;
  client?: SimulatedClient;
  /** Management requests per second (Contentful default 7). */
  managementPerSecond?: number;
  deliveryPerSecond?: number;
  seed?: boolean;
  /** Ports of the Management and Delivery listeners; 0 (default) picks free ones. */
  port?: number;
  deliveryPort?: number;
}

export interface ContentfulSimulatorControl extends SimulatorControl {
  readonly space: ContentfulSpace;
  readonly spaceId: string;
  /** Base URL of the Delivery API listener. */
  readonly deliveryUrl: string;
  /** Webhook definitions and the space's signing secret, and what was delivered. */
  readonly webhooks: ContentfulWebhooks;
  issuePersonalAccessToken(options?: { expiresInSeconds?: number }): string;
  issueDeliveryToken(): string;
}

export type ContentfulSimulator = RunningSimulator<ContentfulSimulatorControl> & { deliveryUrl: string };

const MANAGEMENT_TYPE = 'application/vnd.contentful.management.v1+json';
const DELIVERY_TYPE = 'application/vnd.contentful.delivery.v1+json';

export async function startContentfulSimulator(options: ContentfulSimulatorOptions = {}): Promise<ContentfulSimulator> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const perSecond = options.managementPerSecond ?? 7;
  const deliveryPerSecond = options.deliveryPerSecond ?? 55;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const space = new ContentfulSpace(SIM_SPACE_ID, () => clock.now(), options.seed ?? true);
  const windows = new WindowCounter(clock);

  const errorBody = (reply: FastifyReply, id: string, message: string, details?: Record<string, unknown>) => {
    const requestId = randomHex(32);
    return reply.header('x-contentful-request-id', requestId).send({ sys: { type: 'Error', id }, message, ...(details ? { details } : {}), requestId });
  };
  const responder = {
    rateLimited: (reply: FastifyReply, fault: { retryAfterSeconds?: number }) =>
      errorBody(
        reply
          .code(429)
          .header('x-contentful-ratelimit-reset', String(fault.retryAfterSeconds ?? 1))
          .header('x-contentful-ratelimit-second-limit', String(perSecond))
          .header('x-contentful-ratelimit-second-remaining', '0'),
        'RateLimitExceeded',
        'You have exceeded the rate limit of the Organization this Space belongs to by making too many API requests within a short timespan. Please wait a moment before trying the request again.',
      ),
    serverError: (reply: FastifyReply, status: number) =>
      errorBody(reply.code(status), status === 503 ? 'ServiceUnavailable' : 'ServerError', 'Internal server error'),
  };
  const management = createSimulatorApp(parts, responder);
  const delivery = createSimulatorApp(parts, responder);

  const issue = (api: 'management' | 'delivery', prefix: string, lifetimeSeconds?: number) =>
    parts.tokens.issue({
      kind: 'access',
      prefix,
      clientId: client.clientId,
      subject: SIM_USER_ID,
      scopes: api === 'management' ? ['content_management_manage'] : [],
      lifetimeSeconds,
      attributes: { api },
    });

  function authenticate(request: FastifyRequest, reply: FastifyReply, api: 'management' | 'delivery'): FastifyReply | undefined {
    const token = bearerToken(request.headers.authorization) ?? (request.query as Record<string, string | undefined>)['access_token'];
    const checked = parts.tokens.check(token);
    if (checked.status !== 'valid' || checked.record?.attributes['api'] !== api) {
      return errorBody(reply.code(401), 'AccessTokenInvalid', 'The access token you sent could not be found or is invalid.');
    }
    return undefined;
  }

  const notFound = (reply: FastifyReply, type: string, id: string) =>
    errorBody(reply.code(404), 'NotFound', 'The resource could not be found.', { type, id, environment: 'master', space: space.id });
  const validationFailed = (reply: FastifyReply, issues: ValidationIssue[]) =>
    errorBody(reply.code(422), 'ValidationFailed', 'Validation error', { errors: issues });

  /** Resolves space and environment from the path; answers 404 itself when they are wrong. */
  function environmentOf(request: FastifyRequest, reply: FastifyReply): boolean {
    const params = request.params as { spaceId: string; environmentId: string };
    if (params.spaceId !== space.id) {
      notFound(reply, 'Space', params.spaceId);
      return false;
    }
    if (params.environmentId !== 'master') {
      notFound(reply, 'Environment', params.environmentId);
      return false;
    }
    return true;
  }

  const webhooks = new ContentfulWebhooks();
  const routes: ContentfulRoutes = {
    space,
    clock,
    tokens: parts.tokens,
    writes: parts.writes,
    errorBody,
    notFound,
    validationFailed,
    environmentOf,
    issue,
    webhooks,
  };

  // ---- Management API ----
  management.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.getHeader('content-type') || String(reply.getHeader('content-type')).startsWith('application/json'))
      reply.header('content-type', MANAGEMENT_TYPE);
    return payload;
  });

  management.get('/oauth/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (query['response_type'] !== 'token' || query['client_id'] !== client.clientId || !redirectAllowed(client, query['redirect_uri'])) {
      return reply.code(400).type('text/plain').send('invalid OAuth request');
    }
    const token = issue('management', '');
    const fragment = new URLSearchParams({ access_token: token.token, token_type: 'bearer', scope: query['scope'] ?? 'content_management_manage' });
    if (query['state'] !== undefined) fragment.set('state', query['state']);
    return reply.redirect(`${query['redirect_uri']}#${fragment.toString()}`, 302);
  });

  /**
   * be.contentful.com/oauth/revoke, as Contentful's own web app calls it on logout: a form body
   * `token=…` (plus `client_id`) with the same token as Bearer. The token then answers 401
   * AccessTokenInvalid. The answer for a token that is unknown or already revoked is not
   * documented; this follows RFC 7009 §2.2 and answers 200 either way.
   */
  management.post('/oauth/revoke', async (request, reply) => {
    const token = bodyObject(request.body)['token'];
    const bearer = bearerToken(request.headers.authorization);
    if (typeof token !== 'string' || token === '' || (bearer !== undefined && bearer !== token)) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'token is required and must match the bearer token' });
    }
    parts.tokens.revoke(token);
    return reply.code(200).send({});
  });

  management.register(async (api) => {
    api.addHook('preHandler', async (request, reply) => {
      const refused = authenticate(request, reply, 'management');
      if (refused) return refused;
      const now = clock.now();
      const second = windows.hit('cma:second', perSecond, 1000);
      const hour = windows.peek('cma:hour', 36_000, 3_600_000);
      reply
        .header('x-contentful-ratelimit-second-limit', String(perSecond))
        .header('x-contentful-ratelimit-second-remaining', String(second.remaining))
        .header('x-contentful-ratelimit-hour-limit', String(hour.limit))
        .header('x-contentful-ratelimit-hour-remaining', String(Math.max(0, hour.remaining - 1)))
        .header('x-contentful-ratelimit-reset', '0')
        .header('x-contentful-request-id', randomHex(32));
      if (!second.allowed) {
        reply.header('x-contentful-ratelimit-reset', String(Math.max(1, Math.ceil((second.resetAt - now) / 1000))));
        return errorBody(
          reply.code(429),
          'RateLimitExceeded',
          'You have exceeded the rate limit of the Organization this Space belongs to by making too many API requests within a short timespan. Please wait a moment before trying the request again.',
        );
      }
      windows.hit('cma:hour', 36_000, 3_600_000);
      return undefined;
    });
    registerAccessTokenRoutes(api, routes);
    registerEntryRoutes(api, routes);
    registerContentfulHookRoutes(api, routes, webhooks);
  });

  // ---- Delivery API ----
  delivery.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-contentful-ratelimit-second-limit', String(deliveryPerSecond));
    if (!reply.getHeader('content-type') || String(reply.getHeader('content-type')).startsWith('application/json')) reply.header('content-type', DELIVERY_TYPE);
    return payload;
  });
  delivery.register(async (api) => {
    api.addHook('preHandler', async (request, reply) => {
      const refused = authenticate(request, reply, 'delivery');
      if (refused) return refused;
      const verdict = windows.hit('cda:second', deliveryPerSecond, 1000);
      if (!verdict.allowed) {
        reply.header('x-contentful-ratelimit-reset', String(Math.max(1, Math.ceil((verdict.resetAt - clock.now()) / 1000))));
        return errorBody(reply.code(429), 'RateLimitExceeded', 'Rate limit exceeded');
      }
      return undefined;
    });
    registerDeliveryRoutes(api, routes);
  });

  const managementServer = await listen(management, options.port);
  const deliveryServer = await listen(delivery, options.deliveryPort);
  const control: ContentfulSimulatorControl = {
    ...baseControl(parts),
    space,
    spaceId: space.id,
    deliveryUrl: deliveryServer.url,
    webhooks,
    issuePersonalAccessToken: ({ expiresInSeconds } = {}) => issue('management', 'CFPAT-', expiresInSeconds).token,
    issueDeliveryToken: () => issue('delivery', '').token,
  };
  return {
    url: managementServer.url,
    deliveryUrl: deliveryServer.url,
    stop: async () => {
      await webhooks.registry.settled();
      await Promise.all([managementServer.stop(), deliveryServer.stop()]);
    },
    control,
  };
}

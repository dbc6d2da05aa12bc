/*
 * Salesforce REST API simulator. Reproduces, per /work/shared/vendors/salesforce.md and the
 * sources it cites (developer.salesforce.com REST guide, help.salesforce.com OAuth pages,
 * jsforce and restforce fixtures):
 * - OAuth web-server flow (salesforce-oauth.ts): /services/oauth2/authorize (PKCE S256 optional) redirects with a code;
 *   POST /services/oauth2/token (form) answers access_token, refresh_token (with the
 *   refresh_token/offline_access scope), signature (base64 HMAC-SHA256 of id+issued_at with the
 *   client secret), scope, instance_url (this simulator), id, token_type, issued_at (epoch ms as a
 *   string) and NO expires_in. Refresh answers without a new refresh_token unless rotation is on.
 *   OAuth errors are objects { error, error_description } with HTTP 400. POST /services/oauth2/revoke
 *   (token=…) answers 200; revoking a refresh token revokes its access tokens.
 * - Sessions expire after the org's timeout (configurable, default 2 h): 401
 *   [{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}].
 * - Every REST response under /services/data/vXX.X carries `Sforce-Limit-Info: api-usage=N/LIMIT`;
 *   past the daily allocation: 403 [{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests
 *   Limit exceeded."}]. Rolling 24 h simplified to 24 h from the first call; the concurrent
 *   long-request limit is reproducible only through injected faults (variant "concurrent").
 * - Errors are JSON arrays of { message, errorCode, fields? } (NOT_FOUND 404, MALFORMED_QUERY,
 *   INVALID_FIELD, INVALID_TYPE, REQUIRED_FIELD_MISSING, INVALID_EMAIL_ADDRESS,
 *   INVALID_FIELD_FOR_INSERT_UPDATE 400, ENTITY_IS_DELETED 404 (status *unverified*)).
 * - Query: GET /query?q= (small SOQL subset) answers { totalSize, done, nextRecordsUrl?, records };
 *   totalSize is the whole query's and constant; batches follow `Sforce-Query-Options: batchSize`
 *   (real minimum 200, here any positive size so tests stay small); nextRecordsUrl is a relative
 *   `/services/data/vXX.X/query/01g…-N` followed verbatim with GET; the last batch has done:true
 *   and no nextRecordsUrl. /queryAll also returns deleted records. Records carry attributes {type,url}
 *   echoing the request's API version.
 * - sObjects: 18-character IDs with the case-safety checksum (15-character IDs accepted), key
 *   prefixes (001 Account, 003 Contact, 006 Opportunity); create 201 {id,success,errors:[]}; update
 *   and delete 204 with no body; describe; GET /limits.
 * This file is the session and the daily API limit; each resource's routes live in its own
 * module: salesforce-query.ts, salesforce-sobjects.ts (shared: salesforce-routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { baseControl, createSimulatorApp, listen, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import type { JwtBearerTrust } from './salesforce-jwt-bearer';
import { registerSalesforceOAuth } from './salesforce-oauth';
import { registerQueryRoutes } from './salesforce-query';
import type { SalesforceRoutes } from './salesforce-routes';
import { registerSObjectRoutes } from './salesforce-sobjects';
import { SalesforceOrg, USER_ID } from './salesforce-org';

export interface SalesforceSimulatorOptions {
  clock?: Clock;
  port?: number;
  client?: SimulatedClient;
  /** Org session timeout; Salesforce never states it in the token answer. Default 7200 s. */
  sessionTimeoutSeconds?: number;
  refreshTokenRotation?: boolean;
  /** API requests per 24 h (Developer Edition: 15,000). */
  dailyApiLimit?: number;
  /** Default query batch size (Salesforce: 2000). */
  queryBatchSize?: number;
  seed?: boolean;
}

export interface SalesforceSimulatorControl extends SimulatorControl {
  readonly org: SalesforceOrg;
  issueToken(options?: { scopes?: string[] }): { accessToken: string; refreshToken?: string };
  apiUsage(): { used: number; limit: number };
  setApiUsage(used: number): void;
  /**
   * Uploads a certificate to the connected app for the JWT bearer flow (its public key, SPKI
   * PEM) and pre-authorizes users; the consumer key is the OAuth client's id unless given.
   */
  trustJwtKey(publicKeyPem: string, options?: { consumerKey?: string; approvedUsernames?: string[] }): void;
}

export async function startSalesforceSimulator(options: SalesforceSimulatorOptions = {}): Promise<RunningSimulator<SalesforceSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const sessionTimeout = options.sessionTimeoutSeconds ?? 7200;
  const dailyLimit = options.dailyApiLimit ?? 15_000;
  const defaultBatch = options.queryBatchSize ?? 2000;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const org = new SalesforceOrg(() => clock.now(), options.seed ?? true);
  const usage = { windowStart: -1, used: 0 };
  let baseUrl = '';
  let jwtTrust: JwtBearerTrust | undefined;

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) =>
      reply
        .code(403)
        .send([
          fault.variant === 'concurrent'
            ? { message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }
            : { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
        ]),
    serverError: (reply, status) =>
      reply
        .code(status)
        .send([
          status === 503
            ? { message: 'Server is temporarily unavailable.', errorCode: 'SERVER_UNAVAILABLE' }
            : { message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)', errorCode: 'UNKNOWN_EXCEPTION' },
        ]),
  });

  const oauth = registerSalesforceOAuth(app, {
    clock,
    tokens: parts.tokens,
    client,
    sessionTimeoutSeconds: sessionTimeout,
    rotation: options.refreshTokenRotation ?? false,
    baseUrl: () => baseUrl,
    jwtTrust: () => jwtTrust,
  });

  app.get('/services/data/', async () => [
    { version: '62.0', url: '/services/data/v62.0', label: "Winter '25" },
    { version: '63.0', url: '/services/data/v63.0', label: "Spring '25" },
  ]);

  app.register(async (api) => registerRestApi(api), { prefix: '/services/data/:version' });

  /** Session and daily API limit for every resource; then each resource's routes and `/limits`. */
  function registerRestApi(api: FastifyInstance): void {
    const routes: SalesforceRoutes = { org, writes: parts.writes, defaultBatch };
    api.addHook('preHandler', async (request, reply) => {
      const version = (request.params as { version: string }).version;
      if (!/^v\d+\.\d$/.test(version)) return reply.code(404).send([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      const checked = parts.tokens.check(bearerToken(request.headers.authorization));
      if (checked.status !== 'valid' || checked.record?.kind !== 'access') {
        return reply.code(401).send([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      }
      const now = clock.now();
      if (usage.windowStart < 0 || now - usage.windowStart >= 86_400_000) Object.assign(usage, { windowStart: now, used: 0 });
      if (usage.used >= dailyLimit) {
        reply.header('sforce-limit-info', `api-usage=${usage.used}/${dailyLimit}`);
        return reply.code(403).send([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      }
      usage.used += 1;
      reply.header('sforce-limit-info', `api-usage=${usage.used}/${dailyLimit}`);
      return undefined;
    });

    registerQueryRoutes(api, routes);
    registerSObjectRoutes(api, routes);

    api.get('/limits', async () => ({
      DailyApiRequests: { Max: dailyLimit, Remaining: Math.max(0, dailyLimit - usage.used) },
      DataStorageMB: { Max: 5, Remaining: 5 },
    }));
  }

  const server = await listen(app, options.port);
  baseUrl = server.url;
  const control: SalesforceSimulatorControl = {
    ...baseControl(parts),
    org,
    issueToken: ({ scopes = ['api', 'refresh_token'] } = {}) => {
      const refresh = scopes.includes('refresh_token')
        ? parts.tokens.issue({ kind: 'refresh', prefix: '5Aep861', clientId: client.clientId, subject: USER_ID, scopes })
        : undefined;
      const access = oauth.issueAccess(scopes, refresh);
      return { accessToken: access.token, refreshToken: refresh?.token };
    },
    trustJwtKey: (publicKeyPem, trust = {}) => {
      jwtTrust = {
        consumerKey: trust.consumerKey ?? client.clientId,
        publicKeyPem,
        approvedUsernames: trust.approvedUsernames ?? ['ada@causeway-demo.example'],
      };
    },
    apiUsage: () => ({ used: usage.used, limit: dailyLimit }),
    setApiUsage: (used) => {
      if (usage.windowStart < 0) usage.windowStart = clock.now();
      usage.used = used;
    },
  };
  return { url: server.url, stop: server.stop, control };
}

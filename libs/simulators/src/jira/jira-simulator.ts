/*
 * Jira Cloud (REST v3) + Atlassian OAuth 2.0 (3LO) simulator. Reproduces, per
 * /work/shared/vendors/jira.md and the sources it cites:
 * - OAuth 3LO (developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps): /authorize needs
 *   audience=api.atlassian.com and response_type=code; POST /oauth/token (JSON or form) answers
 *   { access_token, expires_in, token_type, scope, refresh_token when offline_access }. Access
 *   tokens live 1 h (configurable). Refresh tokens rotate on every use; a replaced token may be
 *   reused within a 10-minute leeway; later reuse answers 403 invalid_grant "Unknown or invalid
 *   refresh token." and (breach detection, configurable) revokes the whole token family.
 *   Inactivity expiry 90 days, absolute 365 days. No revocation endpoint.
 * - GET /oauth/token/accessible-resources lists sites with their cloudId; API calls go to
 *   /ex/jira/{cloudId}/rest/api/3/…; the gateway answers 401 `{ code, message }` (not an
 *   ErrorCollection), "Unauthorized; scope does not match" when a scope is missing. Calls on the
 *   site path (/rest/api/3/…) accept only basic auth with an API token (3LO tokens go through the gateway).
 * - /rest/api/3/search/jql: bounded JQL only (unbounded -> 400), ids only unless `fields` is given,
 *   `nextPageToken` omitted on the last page, `isLast`, no `total`; the old /rest/api/3/search
 *   answers 410 (CHANGE-2046; status *unverified*).
 * - Issues: GET (all fields by default; invisible = 404 "Issue does not exist or you do not have
 *   permission to see it."), create 201 {id,key,self} with ADF required for description
 *   (plain string -> 400 errors.description), transitions that depend on the current status
 *   (GET list, POST -> 204), comments 201 with ADF bodies, delete 204 and 400 when sub-tasks exist
 *   without deleteSubtasks=true. Errors are ErrorCollections { errorMessages, errors }.
 * - Rate limits (developer.atlassian.com/cloud/jira/platform/rate-limiting): per-second burst per
 *   tenant+endpoint+method (GET/POST 100, PUT/DELETE 50), per-issue writes (20 per 2 s, 100 per
 *   30 s), an hourly points quota (simplified: 1 point per call, window per UTC hour). Every
 *   response carries X-RateLimit-Limit/-Remaining (and -NearLimit under 20 %); a 429 adds
 *   Retry-After (s), X-RateLimit-Reset (ISO 8601) and RateLimit-Reason (jira-burst-based,
 *   jira-per-issue-on-write, jira-quota-tenant-based). The 429 body is *unverified*.
 * - Admin webhooks over REST with a secret (jira-hooks.ts), site path only; issues created are
 *   sent to them as `jira:issue_created`, signed (X-Hub-Signature).
 * This file is authentication (gateway and site path) and rate limits; each resource's routes
 * live in its own module: jira-search.ts, jira-issues.ts, jira-transitions.ts, jira-comments.ts
 * (shared: jira-routes.ts, jira-render.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { randomToken } from '../common/random';
import { baseControl, createSimulatorApp, listen, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { registerAtlassianOAuth } from './atlassian-oauth';
import { registerCommentRoutes } from './jira-comments';
import { HookRegistry } from '../webhooks/hook-registry';
import { registerJiraHookRoutes } from './jira-hooks';
import { registerIssueRoutes } from './jira-issues';
import { caller, origin, type JiraRoutes } from './jira-routes';
import { registerSearchRoutes } from './jira-search';
import { registerTransitionRoutes } from './jira-transitions';
import { AGENT_USER, DEFAULT_SITE, JiraSiteData, type JiraIssue, type JiraSite, type JiraUser } from './jira-site';

export interface JiraSimulatorOptions {
  clock?: Clock;
  port?: number;
  client?: SimulatedClient;
  site?: JiraSite;
  accessTokenLifetimeSeconds?: number;
  refreshTokenReuseLeewaySeconds?: number;
  revokeFamilyOnReuse?: boolean;
  /** Per-second burst per tenant+endpoint+method. */
  burstPerSecond?: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', number>>;
  perIssueWriteLimits?: Array<{ limit: number; windowSeconds: number }>;
  hourlyPoints?: number;
  seedIssues?: boolean;
}

export interface JiraSimulatorControl extends SimulatorControl {
  readonly data: JiraSiteData;
  readonly cloudId: string;
  /** Webhooks registered through `POST /rest/webhooks/1.0/webhook`, and what was delivered to them. */
  readonly hooks: HookRegistry;
  /** A valid 3LO access token (and refresh token with offline_access) without the OAuth dance. */
  issueToken(options?: { scopes?: string[]; lifetimeSeconds?: number }): { accessToken: string; refreshToken?: string };
  /** An API token for basic auth on the site path. */
  issueApiToken(email?: string): string;
  setBurstLimit(method: 'GET' | 'POST' | 'PUT' | 'DELETE', perSecond: number): void;
}

export const JIRA_DEFAULT_SCOPES = ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'];

export async function startJiraSimulator(options: JiraSimulatorOptions = {}): Promise<RunningSimulator<JiraSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const site = options.site ?? DEFAULT_SITE;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const data = new JiraSiteData(site, clock, options.seedIssues ?? true);
  const burst = { GET: 100, POST: 100, PUT: 50, DELETE: 50, ...(options.burstPerSecond ?? {}) };
  const perIssue = options.perIssueWriteLimits ?? [
    { limit: 20, windowSeconds: 2 },
    { limit: 100, windowSeconds: 30 },
  ];
  const hourlyPoints = options.hourlyPoints ?? 65_000;
  const windows = new WindowCounter(clock);
  const quota = { hour: -1, used: 0 };
  const apiTokens = new Map<string, JiraUser>();
  const hooks = new HookRegistry();

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) =>
      tooMany(
        reply,
        (fault.variant as string | undefined) ?? 'jira-burst-based',
        fault.retryAfterSeconds ?? 1,
        100,
        clock.now() + (fault.retryAfterSeconds ?? 1) * 1000,
      ),
    serverError: (reply, status) => {
      if (status === 503) reply.header('retry-after', '5');
      return reply.code(status).send({ errorMessages: ['Internal server error'], errors: {} });
    },
  });

  const oauth = registerAtlassianOAuth(app, {
    clock,
    tokens: parts.tokens,
    client,
    sites: () => [site],
    options: {
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
      reuseLeewaySeconds: options.refreshTokenReuseLeewaySeconds ?? 600,
      revokeFamilyOnReuse: options.revokeFamilyOnReuse ?? true,
      refreshInactivitySeconds: 90 * 86_400,
      refreshAbsoluteSeconds: 365 * 86_400,
    },
  });

  function tooMany(reply: FastifyReply, reason: string, retryAfterSeconds: number, limit: number, resetAt: number): FastifyReply {
    return reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))))
      .header('x-ratelimit-limit', String(limit))
      .header('x-ratelimit-remaining', '0')
      .header('x-ratelimit-reset', new Date(resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z'))
      .header('ratelimit-reason', reason)
      .send({ errorMessages: ['Rate limit exceeded.'], errors: {} });
  }

  /** Gateway: 3LO bearer tokens, site chosen by cloudId. */
  app.register(
    async (gateway) => {
      gateway.addHook('preHandler', async (request, reply) => {
        const checked = parts.tokens.check(bearerToken(request.headers.authorization));
        if (checked.status !== 'valid' || checked.record?.kind !== 'access') return reply.code(401).send({ code: 401, message: 'Unauthorized' });
        const cloudId = (request.params as { cloudId: string }).cloudId;
        const allowed = (checked.record.attributes['cloudIds'] as string[] | undefined) ?? [];
        if (cloudId !== site.cloudId || !allowed.includes(cloudId)) return reply.code(404).send({ errorMessages: ['Site not found'], errors: {} });
        const needed = request.method === 'GET' ? 'read:jira-work' : 'write:jira-work';
        if (!checked.record.scopes.includes(needed)) return reply.code(401).send({ code: 401, message: 'Unauthorized; scope does not match' });
        request.jiraCaller = { user: AGENT_USER, scopes: checked.record.scopes, selfBase: `${origin(request)}/ex/jira/${cloudId}` };
        return limitRequest(request, reply);
      });
      registerRestRoutes(gateway);
    },
    { prefix: '/ex/jira/:cloudId' },
  );

  /** Site path: basic auth with an API token only. */
  app.register(async (sitePath) => {
    sitePath.addHook('preHandler', async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
      const [email, token] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)];
      const user = apiTokens.get(token);
      if (!user || user.emailAddress !== email) {
        return reply.code(401).send({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
      }
      request.jiraCaller = { user, selfBase: origin(request) };
      return limitRequest(request, reply);
    });
    registerRestRoutes(sitePath);
    registerJiraHookRoutes(sitePath, { data, clock, writes: parts.writes, limitIssueWrite, hooks });
  });

  async function limitRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const now = clock.now();
    const hour = Math.floor(now / 3_600_000);
    if (quota.hour !== hour) Object.assign(quota, { hour, used: 0 });
    const hourEnd = (hour + 1) * 3_600_000;
    if (quota.used >= hourlyPoints) return tooMany(reply, 'jira-quota-tenant-based', (hourEnd - now) / 1000, hourlyPoints, hourEnd);
    quota.used += 1;

    const method = request.method as keyof typeof burst;
    const limit = burst[method] ?? 100;
    const verdict = windows.hit(`burst:${site.cloudId}:${method}:${request.routeOptions.url}`, limit, 1000);
    if (!verdict.allowed) return tooMany(reply, 'jira-burst-based', (verdict.resetAt - now) / 1000, limit, verdict.resetAt);
    reply.header('x-ratelimit-limit', String(limit)).header('x-ratelimit-remaining', String(verdict.remaining));
    if (verdict.remaining < limit * 0.2) reply.header('x-ratelimit-nearlimit', 'true');
    return undefined;
  }

  /** Per-issue write limits; returns the 429 when one is exceeded. */
  function limitIssueWrite(issue: JiraIssue, reply: FastifyReply): FastifyReply | undefined {
    for (const rule of perIssue) {
      const verdict = windows.hit(`issue:${issue.id}:${rule.windowSeconds}`, rule.limit, rule.windowSeconds * 1000);
      if (!verdict.allowed) return tooMany(reply, 'jira-per-issue-on-write', (verdict.resetAt - clock.now()) / 1000, rule.limit, verdict.resetAt);
    }
    return undefined;
  }

  /** The REST API of the site, the same on the gateway and the site path. */
  function registerRestRoutes(api: FastifyInstance): void {
    api.get('/rest/api/3/myself', async (request) => {
      const user = caller(request).user;
      return {
        accountId: user.accountId,
        accountType: 'atlassian',
        active: true,
        displayName: user.displayName,
        emailAddress: user.emailAddress,
        timeZone: 'Europe/Berlin',
        locale: 'en_US',
        self: `${caller(request).selfBase}/rest/api/3/user?accountId=${user.accountId}`,
      };
    });

    const routes: JiraRoutes = { data, clock, writes: parts.writes, limitIssueWrite, hooks };
    registerSearchRoutes(api, routes);
    registerIssueRoutes(api, routes);
    registerTransitionRoutes(api, routes);
    registerCommentRoutes(api, routes);
  }

  const server = await listen(app, options.port);
  const control: JiraSimulatorControl = {
    ...baseControl(parts),
    data,
    hooks,
    cloudId: site.cloudId,
    issueToken: ({ scopes = JIRA_DEFAULT_SCOPES, lifetimeSeconds } = {}) => {
      const pair = oauth.issuePair(scopes, lifetimeSeconds);
      return { accessToken: pair.access.token, refreshToken: pair.refresh?.token };
    },
    issueApiToken: (email = AGENT_USER.emailAddress) => {
      const token = randomToken('ATATT3x', 30);
      const user = [...data.users.values()].find((candidate) => candidate.emailAddress === email) ?? AGENT_USER;
      apiTokens.set(token, user);
      return token;
    },
    setBurstLimit: (method, perSecond) => {
      burst[method] = perSecond;
    },
  };
  const stop = async () => {
    await hooks.settled();
    await server.stop();
  };
  return { url: server.url, stop, control };
}

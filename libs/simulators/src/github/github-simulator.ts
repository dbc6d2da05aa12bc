/*
 * GitHub REST API simulator. Reproduces, per /work/shared/vendors/github.md and the sources it
 * cites (docs.github.com REST and OAuth pages, @octokit/openapi, octokit plugin-throttling and
 * fixtures):
 * - OAuth web flow (github-oauth.ts): /login/oauth/authorize (PKCE S256 only); POST
 *   /login/oauth/access_token answers form-encoded unless `Accept: application/json`; errors
 *   (bad_verification_code, incorrect_client_credentials, redirect_uri_mismatch,
 *   bad_refresh_token) come with HTTP 200. Classic tokens (gho_) never expire; with
 *   expiringTokens (GitHub App user tokens) ghu_ tokens get expires_in 28800, ghr_ refresh tokens
 *   refresh_token_expires_in 15811200, scope "", and a refresh revokes both the used refresh token
 *   and the old access token. DELETE /applications/{client_id}/token revokes (Basic auth, 204).
 * - Requests need a User-Agent (else 403); an unknown X-GitHub-Api-Version gives 400;
 *   `Authorization: Bearer|token`; a bad, expired or revoked token gives 401
 *   {"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"};
 *   private or out-of-scope repositories answer 404, not 403.
 * - Primary rate limit per user per hour (5000, unauthenticated 60) with x-ratelimit-limit,
 *   -remaining, -used, -reset (epoch seconds), -resource on every response; when exhausted: 403
 *   (or 429, configurable) with x-ratelimit-remaining 0 and "API rate limit exceeded for user ID …".
 *   Secondary limit on content creation (80 per minute): 403 with retry-after and the message
 *   "You have exceeded a secondary rate limit …". GET /rate_limit does not count.
 * - Issues list: pull requests included with a `pull_request` key and shared numbering; state,
 *   labels, assignee, creator, since, sort, direction; per_page default 30 max 100; `Link` header with
 *   next/last (and prev/first after page 1) pointing at /repositories/{id}/issues, absent on a single
 *   page. Create issue 201 + Location; missing title 422 missing_field; issues disabled 410.
 * - Comments 201; contents: file objects with base64 content wrapped by "\n", directories as arrays
 *   without content, 404 for missing paths; delete file needs message and sha (422 "Invalid
 *   request.\n\n\"sha\" wasn't supplied."), a stale sha gives 409 "<path> does not match <sha>",
 *   success 200 { content: null, commit }. Pulls: 201; unknown head/base 422 invalid; no diff 422
 *   "No commits between …"; duplicates 422 "A pull request already exists for owner:branch.".
 * - Repository webhooks (github-hooks.ts): create/list/get/delete with admin rights; a ping on
 *   creation and an `issues` (`opened`) delivery on every issue created, signed with each hook's secret.
 * Not reproduced: conditional requests (ETag/304), GraphQL, concurrency and CPU-time secondary limits.
 * This file is authentication, rate limits and visibility; each resource's routes live in its
 * own module: github-issues.ts, github-contents.ts, github-pulls.ts (shared: github-routes.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { baseControl, createSimulatorApp, listen, MalformedBody, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { HookRegistry } from '../webhooks/hook-registry';
import { registerContentRoutes } from './github-contents';
import { registerHookRoutes } from './github-hooks';
import { registerIssueRoutes } from './github-issues';
import { registerGitHubOAuth } from './github-oauth';
import { registerPullRoutes } from './github-pulls';
import { GitHubData, SIM_USER, type GitHubRepo } from './github-repos';
import type { Caller, GitHubRoutes } from './github-routes';

export interface GitHubSimulatorOptions {
  clock?: Clock;
  port?: number;
  client?: SimulatedClient;
  expiringTokens?: boolean;
  tokenLifetimeSeconds?: number;
  primaryLimitPerHour?: number;
  /** GitHub answers an exhausted primary limit with 403 or 429. */
  primaryLimitStatus?: 403 | 429;
  contentCreationPerMinute?: number;
  seed?: boolean;
}

export interface GitHubSimulatorControl extends SimulatorControl {
  readonly data: GitHubData;
  /** Webhooks registered through `POST /repos/{owner}/{repo}/hooks`, and what was delivered to them. */
  readonly hooks: HookRegistry;
  /** A token without the OAuth dance; scopes like a classic OAuth token (`repo`, `public_repo`). */
  issueToken(options?: { scopes?: string[] }): string;
  setPrimaryLimit(perHour: number): void;
}

const DOCS = 'https://docs.github.com/rest';
const SUPPORTED_VERSIONS = new Set(['2022-11-28', '2026-03-10']);

export async function startGitHubSimulator(options: GitHubSimulatorOptions = {}): Promise<RunningSimulator<GitHubSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const data = new GitHubData(() => clock.now(), options.seed ?? true);
  const windows = new WindowCounter(clock);
  const hooks = new HookRegistry();
  let primaryLimit = options.primaryLimitPerHour ?? 5000;
  const primaryStatus = options.primaryLimitStatus ?? 403;
  const creationLimit = options.contentCreationPerMinute ?? 80;

  const error = (reply: FastifyReply, status: number, message: string, extra: Record<string, unknown> = {}) =>
    reply.code(status).send({ message, ...extra, documentation_url: DOCS, status: String(status) });

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) => {
      if (fault.variant === 'secondary') {
        if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
        return error(
          reply,
          403,
          'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
        );
      }
      const reset = Math.ceil(clock.now() / 1000) + (fault.retryAfterSeconds ?? 60);
      reply
        .header('x-ratelimit-limit', String(primaryLimit))
        .header('x-ratelimit-remaining', '0')
        .header('x-ratelimit-used', String(primaryLimit))
        .header('x-ratelimit-reset', String(reset))
        .header('x-ratelimit-resource', 'core');
      return error(reply, primaryStatus, `API rate limit exceeded for user ID ${SIM_USER.id}.`);
    },
    serverError: (reply, status) => error(reply, status, status === 503 ? 'Service Unavailable' : 'Server Error'),
  });

  const oauth = registerGitHubOAuth(app, {
    clock,
    tokens: parts.tokens,
    client,
    options: {
      expiringTokens: options.expiringTokens ?? false,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 28_800,
      refreshTokenLifetimeSeconds: 15_811_200,
    },
  });

  app.register(async (api) => {
    api.addHook('preHandler', async (request, reply) => {
      if (!request.headers['user-agent']) {
        return error(
          reply,
          403,
          'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).',
        );
      }
      const version = request.headers['x-github-api-version'];
      if (version !== undefined && !SUPPORTED_VERSIONS.has(String(version))) {
        return error(reply, 400, `API version ${String(version)} is not supported.`);
      }
      reply.header('x-github-api-version-selected', String(version ?? '2022-11-28')).header('x-github-media-type', 'github.v3; format=json');
      let caller: Caller = { key: `ip:${request.ip}` };
      if (request.headers.authorization) {
        const checked = parts.tokens.check(bearerToken(request.headers.authorization));
        if (checked.status !== 'valid' || checked.record?.kind !== 'access') return error(reply, 401, 'Bad credentials');
        caller = { token: checked.record, key: `user:${checked.record.subject}` };
        reply.header('x-oauth-scopes', checked.record.scopes.join(', ')).header('x-accepted-oauth-scopes', 'repo');
      }
      request.githubCaller = caller;
      if (request.url.startsWith('/rate_limit')) return undefined;

      const limit = caller.token ? primaryLimit : 60;
      const verdict = windows.hit(`primary:${caller.key}`, limit, 3_600_000);
      const resetSeconds = String(Math.ceil(verdict.resetAt / 1000));
      reply
        .header('x-ratelimit-limit', String(limit))
        .header('x-ratelimit-remaining', String(verdict.remaining))
        .header('x-ratelimit-used', String(limit - verdict.remaining))
        .header('x-ratelimit-reset', resetSeconds)
        .header('x-ratelimit-resource', 'core');
      if (!verdict.allowed) {
        const who = caller.token ? `user ID ${SIM_USER.id}` : request.ip;
        return error(reply, primaryStatus, `API rate limit exceeded for ${who}.`);
      }
      return undefined;
    });
    const routes: GitHubRoutes = { data, writes: parts.writes, error, repoFor, parsedBody, limitContentCreation, hooks };
    registerAccountRoutes(api);
    registerIssueRoutes(api, routes);
    registerContentRoutes(api, routes);
    registerPullRoutes(api, routes);
    registerHookRoutes(api, routes);
  });

  /** Content-creating endpoints share a per-minute budget (secondary limit). */
  function limitContentCreation(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const verdict = windows.hit(`create:${(request.githubCaller as Caller).key}`, creationLimit, 60_000);
    if (verdict.allowed) return undefined;
    reply.header('retry-after', String(Math.max(1, Math.ceil((verdict.resetAt - clock.now()) / 1000))));
    return error(
      reply,
      403,
      'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
    );
  }

  /** The repository if this caller may see (or write) it; 404 otherwise, as GitHub hides existence. */
  function repoFor(request: FastifyRequest, reply: FastifyReply, write: boolean): GitHubRepo | undefined {
    const params = request.params as { owner?: string; repo?: string; id?: string };
    const repo = params.id !== undefined ? data.repoById(Number(params.id)) : data.repo(params.owner ?? '', params.repo ?? '');
    const token = (request.githubCaller as Caller).token;
    // GitHub App user tokens carry no OAuth scopes; their access comes from app permissions.
    const scopes = token && token.scopes.length > 0 ? token.scopes : token ? ['repo'] : [];
    const canRead = repo && (!repo.private || scopes.includes('repo'));
    const canWrite = repo && token && (scopes.includes('repo') || (!repo.private && scopes.includes('public_repo')));
    if (!repo || !canRead || (write && !canWrite)) {
      if (write && !token) {
        error(reply, 401, 'Requires authentication');
        return undefined;
      }
      error(reply, 404, 'Not Found');
      return undefined;
    }
    return repo;
  }

  function parsedBody(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> | undefined {
    if (request.body instanceof MalformedBody) {
      error(reply, 400, 'Problems parsing JSON');
      return undefined;
    }
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
      error(reply, 400, 'Body should be a JSON object');
      return undefined;
    }
    return request.body as Record<string, unknown>;
  }

  /** The account and its limits: `GET /rate_limit`, `GET /user`. */
  function registerAccountRoutes(api: FastifyInstance): void {
    api.get('/rate_limit', async () => {
      const verdict = windows.peek('primary:user:causeway-bot', primaryLimit, 3_600_000);
      const core = {
        limit: primaryLimit,
        remaining: verdict.remaining,
        reset: Math.ceil(verdict.resetAt / 1000),
        used: primaryLimit - verdict.remaining,
        resource: 'core',
      };
      return { resources: { core }, rate: core };
    });

    api.get('/user', async (request, reply) => {
      if (!(request.githubCaller as Caller).token) return error(reply, 401, 'Requires authentication');
      return { login: SIM_USER.login, id: SIM_USER.id, node_id: 'MDQ6VXNlcjU4MzIzMQ==', type: 'User', site_admin: false };
    });
  }

  const server = await listen(app, options.port);
  const control: GitHubSimulatorControl = {
    ...baseControl(parts),
    data,
    hooks,
    issueToken: ({ scopes = ['repo'] } = {}) => oauth.issue(scopes).access.token,
    setPrimaryLimit: (perHour) => {
      primaryLimit = perHour;
    },
  };
  const stop = async () => {
    await hooks.settled();
    await server.stop();
  };
  return { url: server.url, stop, control };
}

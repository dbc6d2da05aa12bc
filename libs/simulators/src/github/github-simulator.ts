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
 * Not reproduced: conditional requests (ETag/304), GraphQL, concurrency and CPU-time secondary limits.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { randomHex } from '../common/random';
import { baseControl, createSimulatorApp, listen, MalformedBody, routeKey, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore, type TokenRecord } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { registerGitHubOAuth } from './github-oauth';
import { blobSha, GitHubData, SIM_USER, type GitHubIssue, type GitHubRepo } from './github-repos';

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
  /** A token without the OAuth dance; scopes like a classic OAuth token (`repo`, `public_repo`). */
  issueToken(options?: { scopes?: string[] }): string;
  setPrimaryLimit(perHour: number): void;
}

const DOCS = 'https://docs.github.com/rest';
const SUPPORTED_VERSIONS = new Set(['2022-11-28', '2026-03-10']);

interface Caller {
  token?: TokenRecord;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    githubCaller?: Caller;
  }
}

export async function startGitHubSimulator(options: GitHubSimulatorOptions = {}): Promise<RunningSimulator<GitHubSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const data = new GitHubData(() => clock.now(), options.seed ?? true);
  const windows = new WindowCounter(clock);
  let primaryLimit = options.primaryLimitPerHour ?? 5000;
  const primaryStatus = options.primaryLimitStatus ?? 403;
  const creationLimit = options.contentCreationPerMinute ?? 80;

  const error = (reply: FastifyReply, status: number, message: string, extra: Record<string, unknown> = {}) =>
    reply.code(status).send({ message, ...extra, documentation_url: DOCS, status: String(status) });

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) => {
      if (fault.variant === 'secondary') {
        if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
        return error(reply, 403, 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.');
      }
      const reset = Math.ceil(clock.now() / 1000) + (fault.retryAfterSeconds ?? 60);
      reply.header('x-ratelimit-limit', String(primaryLimit)).header('x-ratelimit-remaining', '0').header('x-ratelimit-used', String(primaryLimit)).header('x-ratelimit-reset', String(reset)).header('x-ratelimit-resource', 'core');
      return error(reply, primaryStatus, `API rate limit exceeded for user ID ${SIM_USER.id}.`);
    },
    serverError: (reply, status) => error(reply, status, status === 503 ? 'Service Unavailable' : 'Server Error'),
  });

  const oauth = registerGitHubOAuth(app, {
    clock,
    tokens: parts.tokens,
    client,
    options: { expiringTokens: options.expiringTokens ?? false, tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 28_800, refreshTokenLifetimeSeconds: 15_811_200 },
  });

  app.register(async (api) => {
    api.addHook('preHandler', async (request, reply) => {
      if (!request.headers['user-agent']) {
        return error(reply, 403, 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).');
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
    registerRestRoutes(api);
  });

  /** Content-creating endpoints share a per-minute budget (secondary limit). */
  function limitContentCreation(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const verdict = windows.hit(`create:${(request.githubCaller as Caller).key}`, creationLimit, 60_000);
    if (verdict.allowed) return undefined;
    reply.header('retry-after', String(Math.max(1, Math.ceil((verdict.resetAt - clock.now()) / 1000))));
    return error(reply, 403, 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.');
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

  function registerRestRoutes(api: FastifyInstance): void {
    api.get('/rate_limit', async () => {
      const verdict = windows.peek('primary:user:causeway-bot', primaryLimit, 3_600_000);
      const core = { limit: primaryLimit, remaining: verdict.remaining, reset: Math.ceil(verdict.resetAt / 1000), used: primaryLimit - verdict.remaining, resource: 'core' };
      return { resources: { core }, rate: core };
    });

    api.get('/user', async (request, reply) => {
      if (!(request.githubCaller as Caller).token) return error(reply, 401, 'Requires authentication');
      return { login: SIM_USER.login, id: SIM_USER.id, node_id: 'MDQ6VXNlcjU4MzIzMQ==', type: 'User', site_admin: false };
    });

    const listIssues = async (request: FastifyRequest, reply: FastifyReply) => {
      const repo = repoFor(request, reply, false);
      if (!repo) return reply;
      const query = request.query as Record<string, string | undefined>;
      const state = query['state'] ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'Issue', field: 'state', code: 'invalid' }] });
      const labels = query['labels']?.split(',').map((label) => label.trim()).filter(Boolean) ?? [];
      const perPage = Math.min(Math.max(Number(query['per_page'] ?? 30) || 30, 1), 100);
      const page = Math.max(Number(query['page'] ?? 1) || 1, 1);
      const sort = query['sort'] ?? 'created';
      const direction = query['direction'] ?? 'desc';
      let issues = repo.issues
        .filter((issue) => state === 'all' || issue.state === state)
        .filter((issue) => labels.every((label) => issue.labels.includes(label)))
        .filter((issue) => !query['creator'] || issue.user.login === query['creator'])
        .filter((issue) => !query['since'] || issue.updatedAt >= (query['since'] as string))
        .filter((issue) => {
          const assignee = query['assignee'];
          if (!assignee) return true;
          if (assignee === 'none') return issue.assignees.length === 0;
          if (assignee === '*') return issue.assignees.length > 0;
          return issue.assignees.includes(assignee);
        });
      const keyOf = (issue: GitHubIssue) => (sort === 'updated' ? issue.updatedAt : sort === 'comments' ? String(issue.comments.length).padStart(8, '0') : issue.createdAt);
      issues = issues.sort((a, b) => (keyOf(a).localeCompare(keyOf(b)) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
      const last = Math.max(1, Math.ceil(issues.length / perPage));
      const link = linkHeader(request, repo, page, last, perPage);
      if (link) reply.header('link', link);
      return issues.slice((page - 1) * perPage, page * perPage).map((issue) => renderIssue(request, repo, issue));
    };
    api.get('/repos/:owner/:repo/issues', listIssues);
    api.get('/repositories/:id/issues', listIssues);

    api.post('/repos/:owner/:repo/issues', async (request, reply) => {
      const repo = repoFor(request, reply, true);
      if (!repo) return reply;
      const body = parsedBody(request, reply);
      if (!body) return reply;
      if (!repo.hasIssues) return error(reply, 410, 'Issues are disabled for this repo');
      if (body['title'] === undefined || body['title'] === null || body['title'] === '') {
        return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] });
      }
      const limited = limitContentCreation(request, reply);
      if (limited) return limited;
      const issue = data.addIssue(repo, {
        title: String(body['title']),
        body: typeof body['body'] === 'string' ? body['body'] : null,
        labels: Array.isArray(body['labels']) ? body['labels'].map(String) : [],
        assignees: Array.isArray(body['assignees']) ? body['assignees'].map(String) : [],
      });
      parts.writes.record(routeKey(request));
      return reply.code(201).header('location', `${origin(request)}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`).send(renderIssue(request, repo, issue));
    });

    api.post('/repos/:owner/:repo/issues/:number/comments', async (request, reply) => {
      const repo = repoFor(request, reply, true);
      if (!repo) return reply;
      const body = parsedBody(request, reply);
      if (!body) return reply;
      const issue = repo.issues.find((candidate) => candidate.number === Number((request.params as { number: string }).number));
      if (!issue) return error(reply, 404, 'Not Found');
      if (typeof body['body'] !== 'string' || body['body'] === '') return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
      const limited = limitContentCreation(request, reply);
      if (limited) return limited;
      const comment = { id: data.id(), body: body['body'], user: SIM_USER, createdAt: data.timestamp() };
      issue.comments.push(comment);
      issue.updatedAt = comment.createdAt;
      parts.writes.record(routeKey(request));
      const base = `${origin(request)}/repos/${repo.owner}/${repo.name}`;
      return reply
        .code(201)
        .header('location', `${base}/issues/comments/${comment.id}`)
        .send({
          id: comment.id,
          node_id: `IC_${Buffer.from(String(comment.id)).toString('base64url')}`,
          url: `${base}/issues/comments/${comment.id}`,
          html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`,
          issue_url: `${base}/issues/${issue.number}`,
          body: comment.body,
          user: renderUser(comment.user),
          created_at: comment.createdAt,
          updated_at: comment.createdAt,
          author_association: 'OWNER',
        });
    });

    api.get('/repos/:owner/:repo/contents/*', async (request, reply) => {
      const repo = repoFor(request, reply, false);
      if (!repo) return reply;
      const ref = (request.query as Record<string, string | undefined>)['ref'] ?? repo.defaultBranch;
      const files = repo.branches.get(ref);
      if (!files) return error(reply, 404, `No commit found for the ref ${ref}`);
      const path = decodeURIComponent((request.params as { '*': string })['*']).replace(/\/$/, '');
      const content = files.get(path);
      const base = `${origin(request)}/repos/${repo.owner}/${repo.name}`;
      if (content !== undefined) return renderFile(base, repo, ref, path, content);
      const prefix = path === '' ? '' : `${path}/`;
      const children = new Map<string, 'file' | 'dir'>();
      for (const candidate of files.keys()) {
        if (!candidate.startsWith(prefix)) continue;
        const rest = candidate.slice(prefix.length);
        const slash = rest.indexOf('/');
        children.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'dir');
      }
      if (children.size === 0) return error(reply, 404, 'Not Found');
      return [...children.entries()].map(([name, type]) => {
        const childPath = `${prefix}${name}`;
        const sha = type === 'file' ? blobSha(files.get(childPath) as string) : blobSha(`tree:${childPath}`);
        return { type, name, path: childPath, sha, size: type === 'file' ? Buffer.byteLength(files.get(childPath) as string) : 0, url: `${base}/contents/${childPath}?ref=${ref}`, html_url: `https://github.com/${repo.owner}/${repo.name}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${childPath}`, git_url: null, download_url: null, _links: {} };
      });
    });

    api.delete('/repos/:owner/:repo/contents/*', async (request, reply) => {
      const repo = repoFor(request, reply, true);
      if (!repo) return reply;
      const body = parsedBody(request, reply);
      if (!body) return reply;
      for (const required of ['message', 'sha']) {
        if (typeof body[required] !== 'string' || body[required] === '') return error(reply, 422, `Invalid request.\n\n"${required}" wasn't supplied.`);
      }
      const branch = typeof body['branch'] === 'string' ? body['branch'] : repo.defaultBranch;
      const files = repo.branches.get(branch);
      if (!files) return error(reply, 404, `Branch ${branch} not found`);
      const path = decodeURIComponent((request.params as { '*': string })['*']);
      const content = files.get(path);
      if (content === undefined) return error(reply, 404, 'Not Found');
      if (blobSha(content) !== body['sha']) return reply.code(409).send({ message: `${path} does not match ${String(body['sha'])}`, documentation_url: 'https://docs.github.com/rest/repos/contents#delete-a-file', status: '409' });
      files.delete(path);
      parts.writes.record(routeKey(request));
      const sha = randomHex(40);
      return {
        content: null,
        commit: {
          sha,
          node_id: `C_${sha.slice(0, 20)}`,
          url: `${origin(request)}/repos/${repo.owner}/${repo.name}/git/commits/${sha}`,
          html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${sha}`,
          message: body['message'],
          author: { name: 'Causeway Bot', email: 'bot@causeway.example', date: data.timestamp() },
          committer: { name: 'Causeway Bot', email: 'bot@causeway.example', date: data.timestamp() },
          parents: [],
        },
      };
    });

    api.post('/repos/:owner/:repo/pulls', async (request, reply) => {
      const repo = repoFor(request, reply, true);
      if (!repo) return reply;
      const body = parsedBody(request, reply);
      if (!body) return reply;
      for (const field of ['title', 'head', 'base']) {
        if (typeof body[field] !== 'string' || body[field] === '') return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field, code: 'missing_field' }] });
      }
      const head = String(body['head']).replace(/^[^:]+:/, '');
      const base = String(body['base']);
      for (const [field, branch] of [['head', head], ['base', base]] as const) {
        if (!repo.branches.has(branch)) return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field, code: 'invalid' }] });
      }
      if (sameContent(repo.branches.get(head), repo.branches.get(base))) {
        return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }] });
      }
      if (repo.issues.some((issue) => issue.pull && issue.state === 'open' && issue.pull.head === head && issue.pull.base === base)) {
        return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }] });
      }
      const limited = limitContentCreation(request, reply);
      if (limited) return limited;
      const issue = data.addIssue(repo, { title: String(body['title']), body: typeof body['body'] === 'string' ? body['body'] : null, pull: { head, base, draft: body['draft'] === true, pullId: data.id() } });
      parts.writes.record(routeKey(request));
      const pullUrl = `${origin(request)}/repos/${repo.owner}/${repo.name}/pulls/${issue.number}`;
      const branchRef = (ref: string) => ({ label: `${repo.owner}:${ref}`, ref, sha: blobSha(JSON.stringify([...(repo.branches.get(ref) ?? new Map()).entries()])), user: { login: repo.owner }, repo: { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` } });
      return reply
        .code(201)
        .header('location', pullUrl)
        .send({
          url: pullUrl,
          id: issue.pull?.pullId,
          node_id: `PR_${Buffer.from(String(issue.pull?.pullId)).toString('base64url')}`,
          html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${issue.number}`,
          issue_url: `${origin(request)}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`,
          number: issue.number,
          state: 'open',
          locked: false,
          title: issue.title,
          user: renderUser(issue.user),
          body: issue.body,
          created_at: issue.createdAt,
          updated_at: issue.updatedAt,
          closed_at: null,
          merged_at: null,
          draft: issue.pull?.draft ?? false,
          head: branchRef(head),
          base: branchRef(base),
          merged: false,
          mergeable: null,
          maintainer_can_modify: body['maintainer_can_modify'] !== false,
          comments: 0,
          commits: 1,
        });
    });
  }

  function renderIssue(request: FastifyRequest, repo: GitHubRepo, issue: GitHubIssue): Record<string, unknown> {
    const api = `${origin(request)}/repos/${repo.owner}/${repo.name}`;
    return {
      url: `${api}/issues/${issue.number}`,
      repository_url: api,
      html_url: `https://github.com/${repo.owner}/${repo.name}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
      id: issue.id,
      node_id: `I_${Buffer.from(String(issue.id)).toString('base64url')}`,
      number: issue.number,
      title: issue.title,
      user: renderUser(issue.user),
      labels: issue.labels.map((name, index) => ({ id: 100 + index, name, color: 'd73a4a', default: false, description: null })),
      state: issue.state,
      locked: false,
      assignee: issue.assignees[0] ? { login: issue.assignees[0] } : null,
      assignees: issue.assignees.map((login) => ({ login })),
      milestone: null,
      comments: issue.comments.length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.state === 'closed' ? issue.updatedAt : null,
      author_association: 'OWNER',
      body: issue.body,
      ...(issue.pull ? { draft: issue.pull.draft, pull_request: { url: `${api}/pulls/${issue.number}`, html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${issue.number}`, merged_at: null } } : {}),
    };
  }

  function renderFile(base: string, repo: GitHubRepo, ref: string, path: string, content: string): Record<string, unknown> {
    const sha = blobSha(content);
    // The API wraps base64 content at 60 characters with "\n".
    const encoded = (Buffer.from(content, 'utf8').toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
    const self = `${base}/contents/${path}?ref=${ref}`;
    const html = `https://github.com/${repo.owner}/${repo.name}/blob/${ref}/${path}`;
    const git = `${base}/git/blobs/${sha}`;
    return {
      type: 'file',
      encoding: 'base64',
      size: Buffer.byteLength(content),
      name: path.split('/').pop(),
      path,
      content: encoded,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${path}`,
      _links: { self, git, html },
    };
  }

  const server = await listen(app, options.port);
  const control: GitHubSimulatorControl = {
    ...baseControl(parts),
    data,
    issueToken: ({ scopes = ['repo'] } = {}) => oauth.issue(scopes).access.token,
    setPrimaryLimit: (perHour) => {
      primaryLimit = perHour;
    },
  };
  return { url: server.url, stop: server.stop, control };
}

function renderUser(user: { login: string; id: number }) {
  return { login: user.login, id: user.id, type: 'User', site_admin: false };
}

function sameContent(a: Map<string, string> | undefined, b: Map<string, string> | undefined): boolean {
  if (!a || !b || a.size !== b.size) return false;
  for (const [path, content] of a) if (b.get(path) !== content) return false;
  return true;
}

/** `Link` with next/last, plus prev/first after the first page; none for a single page. */
function linkHeader(request: FastifyRequest, repo: GitHubRepo, page: number, last: number, perPage: number): string | undefined {
  if (last <= 1) return undefined;
  const query = new URLSearchParams(request.query as Record<string, string>);
  query.set('per_page', String(perPage));
  const url = (target: number) => {
    query.set('page', String(target));
    return `<${origin(request)}/repositories/${repo.id}/issues?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${url(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) links.push(`${url(1)}; rel="first"`);
  return links.join(', ');
}

function origin(request: FastifyRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeKey } from '../common/simulator-server';
import { githubWebhook } from '../webhooks/github-webhooks';
import { renderRepository } from './github-hooks';
import { SIM_USER, type GitHubIssue, type GitHubRepo } from './github-repos';
import { origin, renderUser, type GitHubRoutes } from './github-routes';

/** Issues: list (filters, sort, Link pagination by repository id), create, comment. */
export function registerIssueRoutes(api: FastifyInstance, { data, writes, error, repoFor, parsedBody, limitContentCreation, hooks }: GitHubRoutes): void {
  const listIssues = async (request: FastifyRequest, reply: FastifyReply) => {
    const repo = repoFor(request, reply, false);
    if (!repo) return reply;
    const query = request.query as Record<string, string | undefined>;
    const state = query['state'] ?? 'open';
    if (!['open', 'closed', 'all'].includes(state))
      return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'Issue', field: 'state', code: 'invalid' }] });
    const labels =
      query['labels']
        ?.split(',')
        .map((label) => label.trim())
        .filter(Boolean) ?? [];
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
    const keyOf = (issue: GitHubIssue) =>
      sort === 'updated' ? issue.updatedAt : sort === 'comments' ? String(issue.comments.length).padStart(8, '0') : issue.createdAt;
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
    writes.record(routeKey(request));
    const rendered = renderIssue(request, repo, issue);
    hooks.dispatch(`${repo.owner}/${repo.name}`.toLowerCase(), 'issues', (hook) =>
      githubWebhook(hook.secret, 'issues', { action: 'opened', issue: rendered, repository: renderRepository(repo), sender: renderUser(SIM_USER) }),
    );
    return reply
      .code(201)
      .header('location', `${origin(request)}/repos/${repo.owner}/${repo.name}/issues/${issue.number}`)
      .send(rendered);
  });

  api.post('/repos/:owner/:repo/issues/:number/comments', async (request, reply) => {
    const repo = repoFor(request, reply, true);
    if (!repo) return reply;
    const body = parsedBody(request, reply);
    if (!body) return reply;
    const issue = repo.issues.find((candidate) => candidate.number === Number((request.params as { number: string }).number));
    if (!issue) return error(reply, 404, 'Not Found');
    if (typeof body['body'] !== 'string' || body['body'] === '')
      return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
    const limited = limitContentCreation(request, reply);
    if (limited) return limited;
    const comment = { id: data.id(), body: body['body'], user: SIM_USER, createdAt: data.timestamp() };
    issue.comments.push(comment);
    issue.updatedAt = comment.createdAt;
    writes.record(routeKey(request));
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
}

export function renderIssue(request: FastifyRequest, repo: GitHubRepo, issue: GitHubIssue): Record<string, unknown> {
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
    ...(issue.pull
      ? {
          draft: issue.pull.draft,
          pull_request: {
            url: `${api}/pulls/${issue.number}`,
            html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${issue.number}`,
            merged_at: null,
          },
        }
      : {}),
  };
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

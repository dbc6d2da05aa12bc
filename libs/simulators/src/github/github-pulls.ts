import type { FastifyInstance } from 'fastify';
import { routeKey } from '../common/simulator-server';
import { blobSha } from './github-repos';
import { origin, renderUser, type GitHubRoutes } from './github-routes';

/** Pull requests: create (head and base must exist and differ; one open pull per head). */
export function registerPullRoutes(api: FastifyInstance, { data, writes, error, repoFor, parsedBody, limitContentCreation }: GitHubRoutes): void {
  api.post('/repos/:owner/:repo/pulls', async (request, reply) => {
    const repo = repoFor(request, reply, true);
    if (!repo) return reply;
    const body = parsedBody(request, reply);
    if (!body) return reply;
    for (const field of ['title', 'head', 'base']) {
      if (typeof body[field] !== 'string' || body[field] === '')
        return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field, code: 'missing_field' }] });
    }
    const head = String(body['head']).replace(/^[^:]+:/, '');
    const base = String(body['base']);
    for (const [field, branch] of [
      ['head', head],
      ['base', base],
    ] as const) {
      if (!repo.branches.has(branch)) return error(reply, 422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field, code: 'invalid' }] });
    }
    if (sameContent(repo.branches.get(head), repo.branches.get(base))) {
      return error(reply, 422, 'Validation Failed', {
        errors: [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }],
      });
    }
    if (repo.issues.some((issue) => issue.pull && issue.state === 'open' && issue.pull.head === head && issue.pull.base === base)) {
      return error(reply, 422, 'Validation Failed', {
        errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }],
      });
    }
    const limited = limitContentCreation(request, reply);
    if (limited) return limited;
    const issue = data.addIssue(repo, {
      title: String(body['title']),
      body: typeof body['body'] === 'string' ? body['body'] : null,
      pull: { head, base, draft: body['draft'] === true, pullId: data.id() },
    });
    writes.record(routeKey(request));
    const pullUrl = `${origin(request)}/repos/${repo.owner}/${repo.name}/pulls/${issue.number}`;
    const branchRef = (ref: string) => ({
      label: `${repo.owner}:${ref}`,
      ref,
      sha: blobSha(JSON.stringify([...(repo.branches.get(ref) ?? new Map()).entries()])),
      user: { login: repo.owner },
      repo: { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` },
    });
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

function sameContent(a: Map<string, string> | undefined, b: Map<string, string> | undefined): boolean {
  if (!a || !b || a.size !== b.size) return false;
  for (const [path, content] of a) if (b.get(path) !== content) return false;
  return true;
}

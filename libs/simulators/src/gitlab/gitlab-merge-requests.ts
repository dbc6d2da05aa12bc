import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import type { GitLabErrors } from './gitlab-issues';
import { gitlabPage, SIM_USER, type GitLabData, type GitLabMergeRequest, type GitLabProject } from './gitlab-projects';

function render(project: GitLabProject, mr: GitLabMergeRequest) {
  return {
    ...mr,
    project_id: project.id,
    author: SIM_USER,
    draft: /^(draft:|\[draft\])/i.test(mr.title),
    web_url: `https://gitlab.com/${project.path_with_namespace}/-/merge_requests/${mr.iid}`,
  };
}

export function registerGitLabMergeRequests(api: FastifyInstance, data: GitLabData, context: TokenApiContext, errors: GitLabErrors): void {
  const projectOf = (request: FastifyRequest, reply: FastifyReply): GitLabProject | undefined => {
    const project = data.project((request.params as { project: string }).project);
    if (!project) errors.message(reply, 404, '404 Project Not Found');
    return project;
  };

  api.get('/api/v4/projects/:project/merge_requests', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const query = request.query as Record<string, string | undefined>;
    const state = query['state'] ?? 'all';
    const list = project.merge_requests
      .filter((mr) => state === 'all' || mr.state === state)
      .filter((mr) => !query['source_branch'] || mr.source_branch === query['source_branch'])
      .filter((mr) => !query['target_branch'] || mr.target_branch === query['target_branch'])
      .sort((a, b) => b.iid - a.iid);
    return gitlabPage(request, reply, list).map((mr) => render(project, mr));
  });

  api.post('/api/v4/projects/:project/merge_requests', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const body = bodyObject(request.body);
    for (const param of ['source_branch', 'target_branch', 'title']) {
      if (typeof body[param] !== 'string' || body[param] === '') return errors.missing(reply, param);
    }
    const source = String(body['source_branch']);
    const target = String(body['target_branch']);
    // MergeRequests::BuildService adds these to `base` errors, which the API answers with 422.
    if (!project.branches.has(source)) return errors.message(reply, 422, [`Source branch ${JSON.stringify(source)} does not exist`]);
    if (!project.branches.has(target)) return errors.message(reply, 422, [`Target branch ${JSON.stringify(target)} does not exist`]);
    // `validate_branches` errors become 409 (API::MergeRequests#handle_merge_request_errors!).
    const open = project.merge_requests.find((mr) => mr.state === 'opened' && mr.source_branch === source && mr.target_branch === target);
    if (open) return errors.message(reply, 409, [`Another open merge request already exists for this source branch: !${open.iid}`]);
    const mr: GitLabMergeRequest = {
      id: data.id(),
      iid: project.next_mr_iid++,
      title: String(body['title']),
      description: typeof body['description'] === 'string' ? body['description'] : null,
      state: 'opened',
      source_branch: source,
      target_branch: target,
      created_at: data.now(),
    };
    project.merge_requests.push(mr);
    context.recordWrite(request);
    return reply.code(201).send(render(project, mr));
  });

  // The branch name may hold slashes; clients send it URL-encoded as one segment.
  api.delete('/api/v4/projects/:project/repository/branches/:branch', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const branch = decodeURIComponent((request.params as { branch: string }).branch);
    if (!project.branches.has(branch)) return errors.message(reply, 404, '404 Branch Not Found');
    // GitLab's DeleteService answers 405 for both (spec/requests/api/branches_spec.rb).
    if (branch === project.default_branch) return errors.message(reply, 405, 'Cannot remove HEAD branch');
    if (project.protected_branches.has(branch)) return errors.message(reply, 405, 'Protected branch cant be removed');
    project.branches.delete(branch);
    context.recordWrite(request);
    return reply.code(204).send();
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import { gitlabPage, renderIssue, SIM_USER, type GitLabData, type GitLabIssue, type GitLabProject } from './gitlab-projects';

export interface GitLabErrors {
  message(reply: FastifyReply, status: number, message: unknown): FastifyReply;
  /** Grape's parameter errors: `{ error: "title is missing" }`. */
  missing(reply: FastifyReply, param: string): FastifyReply;
}

const labelsOf = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean)
    : Array.isArray(value)
      ? value.map(String)
      : [];

export function registerGitLabIssues(api: FastifyInstance, data: GitLabData, context: TokenApiContext, errors: GitLabErrors): void {
  const projectOf = (request: FastifyRequest, reply: FastifyReply): GitLabProject | undefined => {
    const project = data.project((request.params as { project: string }).project);
    if (!project) errors.message(reply, 404, '404 Project Not Found');
    return project;
  };
  const issueOf = (request: FastifyRequest, reply: FastifyReply, project: GitLabProject): GitLabIssue | undefined => {
    const issue = project.issues.find((candidate) => candidate.iid === Number((request.params as { iid: string }).iid));
    if (!issue) errors.message(reply, 404, '404 Not found');
    return issue;
  };

  api.get('/api/v4/projects/:project/issues', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const query = request.query as Record<string, string | undefined>;
    const state = query['state'] ?? 'all';
    const labels = labelsOf(query['labels']);
    const search = query['search']?.toLowerCase();
    const issues = project.issues
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => labels.every((label) => issue.labels.includes(label)))
      .filter((issue) => !search || `${issue.title} ${issue.description ?? ''}`.toLowerCase().includes(search))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.iid - a.iid);
    return gitlabPage(request, reply, issues).map((issue) => renderIssue(project, issue));
  });

  api.post('/api/v4/projects/:project/issues', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const body = bodyObject(request.body);
    if (typeof body['title'] !== 'string' || body['title'] === '') return errors.missing(reply, 'title');
    if (body['title'].length > 255) return errors.message(reply, 400, { title: ['is too long (maximum is 255 characters)'] });
    const issue = data.addIssue(project, {
      title: body['title'],
      description: typeof body['description'] === 'string' ? body['description'] : null,
      labels: labelsOf(body['labels']),
    });
    context.recordWrite(request);
    return reply.code(201).send(renderIssue(project, issue));
  });

  api.put('/api/v4/projects/:project/issues/:iid', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const issue = issueOf(request, reply, project);
    if (!issue) return reply;
    const body = bodyObject(request.body);
    const editable = ['state_event', 'title', 'description', 'add_labels', 'remove_labels', 'labels'];
    if (!editable.some((key) => body[key] !== undefined)) return errors.message(reply, 400, '400 Bad request - At least one parameter must be provided');
    if (body['state_event'] === 'close' && issue.state === 'opened') {
      issue.state = 'closed';
      issue.closed_at = data.now();
    }
    if (body['state_event'] === 'reopen') {
      issue.state = 'opened';
      issue.closed_at = null;
    }
    if (typeof body['title'] === 'string') issue.title = body['title'];
    if (typeof body['description'] === 'string') issue.description = body['description'];
    const removed = new Set(labelsOf(body['remove_labels']));
    issue.labels = [...new Set([...issue.labels, ...labelsOf(body['add_labels'])])].filter((label) => !removed.has(label));
    issue.updated_at = data.now();
    context.recordWrite(request);
    return renderIssue(project, issue);
  });

  api.post('/api/v4/projects/:project/issues/:iid/notes', async (request, reply) => {
    const project = projectOf(request, reply);
    if (!project) return reply;
    const issue = issueOf(request, reply, project);
    if (!issue) return reply;
    const body = bodyObject(request.body)['body'];
    if (typeof body !== 'string' || body === '') return errors.missing(reply, 'body');
    const note = { id: data.id(), body, created_at: data.now() };
    issue.notes.push(note);
    context.recordWrite(request);
    return reply.code(201).send({
      ...note,
      type: null,
      attachment: null,
      author: SIM_USER,
      updated_at: note.created_at,
      system: false,
      noteable_id: issue.id,
      noteable_type: 'Issue',
      noteable_iid: issue.iid,
      resolvable: false,
      confidential: false,
      internal: false,
    });
  });
}

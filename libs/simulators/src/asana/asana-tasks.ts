import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import { asanaPage, renderTask, SIM_USER, type AsanaTask, type AsanaWorkspace } from './asana-workspace';

export interface AsanaErrors {
  send(reply: FastifyReply, status: number, message: string): FastifyReply;
}

const fieldsOf = (request: FastifyRequest) =>
  (request.query as Record<string, string | undefined>)['opt_fields']
    ?.split(',')
    .map((field) => field.trim())
    .filter(Boolean);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerAsanaTasks(api: FastifyInstance, workspace: AsanaWorkspace, context: TokenApiContext, errors: AsanaErrors): void {
  const find = (request: FastifyRequest, reply: FastifyReply): AsanaTask | undefined => {
    const { gid } = request.params as { gid: string };
    if (!/^\d+$/.test(gid)) {
      errors.send(reply, 400, `task: Not a valid gid: ${gid}`);
      return undefined;
    }
    const task = workspace.tasks.get(gid);
    if (!task) errors.send(reply, 404, `task: Unknown object: ${gid}`);
    return task;
  };
  /** Applies the writable fields of a create or update body; a message when one is invalid. */
  const apply = (task: AsanaTask, data: Record<string, unknown>): string | undefined => {
    if (data['due_on'] !== undefined && (typeof data['due_on'] !== 'string' || !DATE.test(data['due_on'])))
      return `due_on: Invalid date: ${String(data['due_on'])}`;
    const assignee = data['assignee'];
    if (assignee !== undefined && assignee !== null && assignee !== 'me' && assignee !== SIM_USER.email && !/^\d+$/.test(String(assignee)))
      return `assignee: Not a recognized ID: ${String(assignee)}`;
    if (typeof data['name'] === 'string') task.name = data['name'];
    if (typeof data['notes'] === 'string') task.notes = data['notes'];
    if (typeof data['due_on'] === 'string') task.due_on = data['due_on'];
    if (data['assignee'] !== undefined)
      task.assignee = data['assignee'] === 'me' || data['assignee'] === SIM_USER.email ? SIM_USER.gid : String(data['assignee']);
    if (typeof data['completed'] === 'boolean') {
      task.completed = data['completed'];
      task.completed_at = data['completed'] ? workspace.now() : null;
    }
    return undefined;
  };

  api.get('/api/1.0/tasks', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const project = query['project'];
    if (!project) return errors.send(reply, 400, 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace');
    if (!workspace.projects.some((candidate) => candidate.gid === project)) return errors.send(reply, 404, `project: Unknown object: ${project}`);
    const since = query['completed_since'];
    const sinceAt = since === 'now' ? workspace.now() : since;
    const tasks = [...workspace.tasks.values()]
      .filter((task) => task.projects.includes(project))
      .filter((task) => !sinceAt || !task.completed || (task.completed_at ?? '') > sinceAt);
    const page = asanaPage(request, tasks);
    if ('invalid' in page) return errors.send(reply, 400, page.invalid);
    return { ...page, data: page.data.map((task) => renderTask(task, fieldsOf(request))) };
  });

  api.get('/api/1.0/tasks/:gid', async (request, reply) => {
    const task = find(request, reply);
    return task ? { data: renderTask(task, fieldsOf(request), true) } : reply;
  });

  api.post('/api/1.0/tasks', async (request, reply) => {
    const data = bodyObject(bodyObject(request.body)['data']);
    const projects = Array.isArray(data['projects']) ? data['projects'].map(String) : [];
    if (projects.length === 0 && !data['workspace']) return errors.send(reply, 400, 'workspace: Missing input');
    const unknown = projects.find((gid) => !workspace.projects.some((project) => project.gid === gid));
    if (unknown) return errors.send(reply, 404, `project: Unknown object: ${unknown}`);
    const task = workspace.addTask({ name: '', projects });
    const problem = apply(task, data);
    if (problem) {
      workspace.tasks.delete(task.gid);
      return errors.send(reply, 400, problem);
    }
    context.recordWrite(request);
    return reply.code(201).send({ data: renderTask(task, undefined, true) });
  });

  api.put('/api/1.0/tasks/:gid', async (request, reply) => {
    const task = find(request, reply);
    if (!task) return reply;
    const problem = apply(task, bodyObject(bodyObject(request.body)['data']));
    if (problem) return errors.send(reply, 400, problem);
    context.recordWrite(request);
    return { data: renderTask(task, undefined, true) };
  });

  api.delete('/api/1.0/tasks/:gid', async (request, reply) => {
    const task = find(request, reply);
    if (!task) return reply;
    workspace.tasks.delete(task.gid);
    context.recordWrite(request);
    return { data: {} };
  });

  api.post('/api/1.0/tasks/:gid/stories', async (request, reply) => {
    const task = find(request, reply);
    if (!task) return reply;
    const text = bodyObject(bodyObject(request.body)['data'])['text'];
    if (typeof text !== 'string' || text === '') return errors.send(reply, 400, 'text: Missing input');
    const story = { gid: workspace.gid(), text, created_at: workspace.now() };
    task.stories.push(story);
    context.recordWrite(request);
    return reply.code(201).send({
      data: {
        ...story,
        resource_type: 'story',
        resource_subtype: 'comment_added',
        type: 'comment',
        created_by: { gid: SIM_USER.gid, resource_type: 'user', name: SIM_USER.name },
        target: { gid: task.gid, resource_type: 'task', name: task.name },
      },
    });
  });
}

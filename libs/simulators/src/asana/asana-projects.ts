import type { FastifyInstance } from 'fastify';
import type { AsanaErrors } from './asana-tasks';
import { asanaPage, WORKSPACE_GID, type AsanaWorkspace } from './asana-workspace';

export function registerAsanaProjects(api: FastifyInstance, workspace: AsanaWorkspace, errors: AsanaErrors): void {
  api.get('/api/1.0/projects', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (query['workspace'] !== undefined && query['workspace'] !== WORKSPACE_GID)
      return errors.send(reply, 404, `workspace: Unknown object: ${query['workspace']}`);
    const archived = query['archived'] === undefined ? undefined : query['archived'] === 'true';
    const projects = workspace.projects.filter((project) => archived === undefined || project.archived === archived);
    const page = asanaPage(request, projects);
    if ('invalid' in page) return errors.send(reply, 400, page.invalid);
    return { ...page, data: page.data.map((project) => ({ gid: project.gid, resource_type: 'project', name: project.name })) };
  });
}

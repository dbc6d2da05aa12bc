import type { FastifyInstance } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import { availableTransitions, isAdfDocument, renderTransition } from './jira-render';
import { ADF_MESSAGE, caller, errors, NOT_FOUND, type JiraRoutes } from './jira-routes';

/** Transitions: the ones the issue's status allows, and performing one (with optional ADF comments). */
export function registerTransitionRoutes(api: FastifyInstance, { data, clock, writes, limitIssueWrite }: JiraRoutes): void {
  api.get('/rest/api/3/issue/:key/transitions', async (request, reply) => {
    const issue = data.find((request.params as { key: string }).key);
    if (!issue) return errors(reply, 404, [NOT_FOUND]);
    return { expand: 'transitions', transitions: availableTransitions(issue).map(renderTransition) };
  });

  api.post('/rest/api/3/issue/:key/transitions', async (request, reply) => {
    const issue = data.find((request.params as { key: string }).key);
    if (!issue) return errors(reply, 404, [NOT_FOUND]);
    const body = bodyObject(request.body);
    const id = bodyObject(body['transition'])['id'];
    if (id === undefined) return errors(reply, 400, ["Missing 'transition' identifier"]);
    if (!/^\d+$/.test(String(id))) return errors(reply, 400, ["'transition' identifier must be an integer"]);
    const transition = availableTransitions(issue).find((candidate) => candidate.id === String(id));
    if (!transition) return errors(reply, 400, [`Transition id '${String(id)}' is not valid for this issue.`]);
    const comments = (bodyObject(body['update'])['comment'] as unknown[] | undefined) ?? [];
    const bodies = comments.map((entry) => bodyObject(bodyObject(entry)['add'])['body']);
    if (bodies.some((candidate) => !isAdfDocument(candidate))) return errors(reply, 400, [], { comment: ADF_MESSAGE });
    const limited = limitIssueWrite(issue, reply);
    if (limited) return limited;
    issue.statusId = transition.to;
    issue.updated = clock.now();
    for (const comment of bodies) data.addComment(issue, comment, caller(request).user);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });
}

import type { FastifyInstance } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import { isAdfDocument, jiraDate, renderUser } from './jira-render';
import { ADF_MESSAGE, caller, errors, NOT_FOUND, type JiraRoutes } from './jira-routes';

/** Comments: add one with an ADF body. */
export function registerCommentRoutes(api: FastifyInstance, { data, writes, limitIssueWrite }: JiraRoutes): void {
  api.post('/rest/api/3/issue/:key/comment', async (request, reply) => {
    const issue = data.find((request.params as { key: string }).key);
    if (!issue) return errors(reply, 404, [NOT_FOUND]);
    const body = bodyObject(request.body)['body'];
    if (body === undefined || body === '') return errors(reply, 400, [], { comment: 'Comment body can not be empty!' });
    if (!isAdfDocument(body)) return errors(reply, 400, [], { comment: ADF_MESSAGE });
    const limited = limitIssueWrite(issue, reply);
    if (limited) return limited;
    const comment = data.addComment(issue, body, caller(request).user);
    writes.record(routeKey(request));
    const author = renderUser(comment.author);
    return reply.code(201).send({
      id: comment.id,
      self: `${caller(request).selfBase}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      author,
      body: comment.body,
      updateAuthor: author,
      created: jiraDate(comment.created),
      updated: jiraDate(comment.updated),
      jsdPublic: true,
    });
  });
}

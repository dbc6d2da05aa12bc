import type { FastifyInstance } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import { emitIssueCreated } from './jira-hooks';
import { ISSUE_TYPES, PRIORITIES } from './jira-site';
import { isAdfDocument, parseFieldList, renderIssue } from './jira-render';
import { ADF_MESSAGE, caller, errors, NOT_FOUND, type JiraRoutes } from './jira-routes';

/** Issues: read (all fields by default), create (ADF description, field errors), delete (sub-tasks only with deleteSubtasks). */
export function registerIssueRoutes(api: FastifyInstance, { data, writes, limitIssueWrite, hooks }: JiraRoutes): void {
  api.get('/rest/api/3/issue/:key', async (request, reply) => {
    const issue = data.find((request.params as { key: string }).key);
    if (!issue) return errors(reply, 404, [NOT_FOUND]);
    return renderIssue(data, issue, parseFieldList((request.query as Record<string, string | undefined>)['fields'], ['*all']), caller(request).selfBase);
  });

  api.post('/rest/api/3/issue', async (request, reply) => {
    const fields = bodyObject(bodyObject(request.body)['fields']);
    const fieldErrors: Record<string, string> = {};
    const projectRef = bodyObject(fields['project']);
    const project = [...data.projects.values()].find(
      (candidate) => candidate.visible && (candidate.key === projectRef['key'] || candidate.id === projectRef['id']),
    );
    if (!project) fieldErrors['project'] = 'Specify a valid project ID or key';
    const typeRef = bodyObject(fields['issuetype']);
    const issueType = ISSUE_TYPES.find((type) => type.id === typeRef['id'] || type.name === typeRef['name']);
    if (!issueType) fieldErrors['issuetype'] = 'Specify an issue type';
    if (typeof fields['summary'] !== 'string' || fields['summary'].trim() === '') fieldErrors['summary'] = 'You must specify a summary of the issue.';
    if (fields['description'] !== undefined && fields['description'] !== null && !isAdfDocument(fields['description']))
      fieldErrors['description'] = ADF_MESSAGE;
    const priorityRef = fields['priority'] === undefined ? undefined : bodyObject(fields['priority']);
    const priority = priorityRef ? PRIORITIES.find((candidate) => candidate.id === priorityRef['id'] || candidate.name === priorityRef['name']) : PRIORITIES[2];
    if (!priority) fieldErrors['priority'] = 'Specify the Priority (id or name) in the string format';
    const assigneeRef = fields['assignee'] === undefined ? undefined : bodyObject(fields['assignee']);
    const assignee = assigneeRef ? data.users.get(String(assigneeRef['id'] ?? assigneeRef['accountId'])) : null;
    if (assignee === undefined) fieldErrors['assignee'] = 'User does not exist or you do not have permission to see it.';
    const labels = Array.isArray(fields['labels']) ? (fields['labels'] as unknown[]).map(String) : [];
    const badLabel = labels.find((label) => /\s/.test(label));
    if (badLabel) fieldErrors['labels'] = `The label '${badLabel}' contains spaces which is invalid.`;
    const parentRef = fields['parent'] === undefined ? undefined : bodyObject(fields['parent']);
    const parent = parentRef ? data.find(String(parentRef['key'] ?? parentRef['id'] ?? '')) : undefined;
    if (issueType?.subtask && !parent) fieldErrors['parent'] = 'Given parent issue does not belong to appropriate hierarchy.';
    if (Object.keys(fieldErrors).length > 0) return errors(reply, 400, [], fieldErrors);

    const issue = data.createIssue({
      projectKey: (project as { key: string }).key,
      issueTypeId: (issueType as { id: string }).id,
      summary: String(fields['summary']),
      description: fields['description'] ?? null,
      statusId: '10000',
      priorityId: (priority as { id: string }).id,
      assignee: assignee ?? null,
      reporter: caller(request).user,
      labels,
      parentKey: parent?.key,
    });
    writes.record(routeKey(request));
    emitIssueCreated(hooks, issue);
    return reply.code(201).send({ id: issue.id, key: issue.key, self: `${caller(request).selfBase}/rest/api/3/issue/${issue.id}` });
  });

  api.delete('/rest/api/3/issue/:key', async (request, reply) => {
    const issue = data.find((request.params as { key: string }).key);
    if (!issue) return errors(reply, 404, [NOT_FOUND]);
    const subtasks = [...data.issues.values()].filter((candidate) => candidate.parentKey === issue.key);
    const deleteSubtasks = (request.query as Record<string, string | undefined>)['deleteSubtasks'] === 'true';
    if (subtasks.length > 0 && !deleteSubtasks) {
      return errors(reply, 400, ["The issue has subtasks. Set 'deleteSubtasks' to true to delete the issue and its subtasks."]);
    }
    const limited = limitIssueWrite(issue, reply);
    if (limited) return limited;
    for (const subtask of subtasks) data.issues.delete(subtask.key);
    data.issues.delete(issue.key);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });
}

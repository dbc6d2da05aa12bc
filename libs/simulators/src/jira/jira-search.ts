import type { FastifyInstance } from 'fastify';
import { ISSUE_TYPES, PRIORITIES, STATUSES, type JiraIssue, type JiraUser } from './jira-site';
import { parseFieldList, renderIssue } from './jira-render';
import { caller, errors, type JiraRoutes } from './jira-routes';
import { JqlError, parseJql, type JqlClause, type JqlQuery } from './jql';

/** Search: bounded JQL on /rest/api/3/search/jql with page tokens; the removed /rest/api/3/search answers 410. */
export function registerSearchRoutes(api: FastifyInstance, { data }: JiraRoutes): void {
  api.get('/rest/api/3/search', async (_request, reply) =>
    errors(reply, 410, ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.']),
  );

  api.get('/rest/api/3/search/jql', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    let jql: JqlQuery;
    try {
      jql = parseJql(query['jql'] ?? '');
    } catch (error) {
      return errors(reply, 400, [(error as JqlError).message]);
    }
    if (jql.clauses.length === 0) {
      return errors(reply, 400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    }
    const unknownField = jql.clauses.find((clause) => !CLAUSE_FIELDS.has(clause.field));
    if (unknownField) return errors(reply, 400, [`Field '${unknownField.field}' does not exist or you do not have permission to view it.`]);

    const matches = [...data.issues.values()]
      .filter((issue) => data.projects.get(issue.projectKey)?.visible)
      .filter((issue) => jql.clauses.every((clause) => clauseMatches(clause, issue, caller(request).user)));
    sortIssues(matches, jql.orderBy);

    const maxResults = Math.min(Math.max(Number(query['maxResults'] ?? 50) || 50, 1), 100);
    let start = 0;
    if (query['nextPageToken']) {
      const decoded = decodePageToken(query['nextPageToken'], query['jql'] ?? '');
      if (decoded === undefined) return errors(reply, 400, ['The provided next page token is invalid or expired.']);
      start = decoded;
    }
    const page = matches.slice(start, start + maxResults);
    const isLast = start + maxResults >= matches.length;
    const fields = parseFieldList(query['fields'], ['id']);
    return {
      issues: page.map((issue) => renderIssue(data, issue, fields, caller(request).selfBase)),
      isLast,
      ...(isLast ? {} : { nextPageToken: encodePageToken(start + maxResults, query['jql'] ?? '') }),
    };
  });
}

const CLAUSE_FIELDS = new Set([
  'project',
  'status',
  'assignee',
  'reporter',
  'issuetype',
  'type',
  'labels',
  'priority',
  'key',
  'issuekey',
  'summary',
  'text',
  'parent',
  'created',
  'updated',
]);

/**
 * A JQL date as Jira reads it: `"yyyy-MM-dd HH:mm"` or `"yyyy/MM/dd"`, minute granularity,
 * in the user's time zone (the simulated user's is UTC). Undefined when unreadable.
 */
function jqlDate(value: string): number | undefined {
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
}

function compareDate(clause: JqlClause, actual: number): boolean {
  const wanted = jqlDate(clause.values[0] ?? '');
  if (wanted === undefined) return false;
  switch (clause.operator) {
    case '>':
      return actual > wanted;
    case '>=':
      return actual >= wanted;
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    default:
      return actual === wanted;
  }
}

function clauseMatches(clause: JqlClause, issue: JiraIssue, currentUser: JiraUser): boolean {
  if (clause.field === 'created' || clause.field === 'updated') return compareDate(clause, clause.field === 'created' ? issue.created : issue.updated);
  if (['>', '>=', '<', '<='].includes(clause.operator)) return false;
  const value = (): string[] => {
    switch (clause.field) {
      case 'project':
        return [issue.projectKey];
      case 'status':
        return [STATUSES.find((status) => status.id === issue.statusId)?.name ?? ''];
      case 'assignee':
        return issue.assignee ? [issue.assignee.accountId] : [];
      case 'reporter':
        return [issue.reporter.accountId];
      case 'issuetype':
      case 'type':
        return [ISSUE_TYPES.find((type) => type.id === issue.issueTypeId)?.name ?? ''];
      case 'labels':
        return issue.labels;
      case 'priority':
        return [PRIORITIES.find((priority) => priority.id === issue.priorityId)?.name ?? ''];
      case 'key':
      case 'issuekey':
        return [issue.key];
      case 'parent':
        return issue.parentKey ? [issue.parentKey] : [];
      default:
        return [issue.summary];
    }
  };
  const actual = value().map((entry) => entry.toLowerCase());
  const wanted = clause.values.map((entry) => (entry === 'currentUser()' ? currentUser.accountId : entry).toLowerCase());
  switch (clause.operator) {
    case '=':
    case 'in':
      return wanted.some((entry) => actual.includes(entry));
    case '!=':
    case 'not in':
      return !wanted.some((entry) => actual.includes(entry));
    case '~':
      return wanted.every((entry) => actual.some((candidate) => candidate.includes(entry)));
    case 'is':
      return actual.length === 0;
    case 'is not':
      return actual.length > 0;
    default:
      return false;
  }
}

function sortIssues(issues: JiraIssue[], orderBy: JqlQuery['orderBy']): void {
  const field = orderBy?.field ?? 'key';
  const direction = orderBy?.direction === 'DESC' ? -1 : 1;
  const keyOf = (issue: JiraIssue): number | string =>
    field === 'created' ? issue.created : field === 'updated' ? issue.updated : field === 'priority' ? Number(issue.priorityId) : Number(issue.id);
  issues.sort((a, b) => {
    const [left, right] = [keyOf(a), keyOf(b)];
    const primary = left < right ? -1 : left > right ? 1 : 0;
    return (primary || Number(a.id) - Number(b.id)) * direction;
  });
}

function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: jql })).toString('base64url');
}

function decodePageToken(token: string, jql: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    return typeof parsed.o === 'number' && parsed.q === jql ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

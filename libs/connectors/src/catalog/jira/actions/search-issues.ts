import { defineAction } from '../../../definition/define';
import { DEFAULT_ISSUE_FIELDS, fieldsParam, issue } from '../jira.schemas';

export const searchIssues = defineAction({
  id: 'jira.search_issues',
  version: '1.0.0',
  title: 'Search Jira issues with JQL',
  description: 'Finds Jira issues matching a JQL query (GET /rest/api/3/search/jql) and returns the requested fields, one page per call.',
  usage:
    'Use to find issues by project, status, assignee or text. The JQL must be bounded (include a restriction such as `project = OPS`). There is no total count; follow nextCursor until it is absent.',
  errorGuide: {
    upstream_invalid_request: 'The JQL is invalid or unbounded; the message quotes Jira. Fix the query, do not retry unchanged.',
    upstream_rate_limited: 'Jira rate limit; wait retryAfterMs (the reason says burst, quota or per-issue).',
    needs_reauth: 'The Atlassian connection expired or lacks read:jira-work; a human must reconnect.',
    invalid_input: 'The cursor did not come from this action; pass nextCursor unchanged.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['jql'],
    properties: {
      jql: {
        type: 'string',
        minLength: 1,
        maxLength: 10000,
        description: 'JQL query; must contain at least one restriction (unbounded queries are refused).',
        examples: ['project = OPS AND status = "In Progress" ORDER BY created DESC'],
      },
      fields: fieldsParam(DEFAULT_ISSUE_FIELDS),
      maxResults: {
        type: 'integer',
        minimum: 1,
        maximum: 100,
        default: 50,
        description: 'Most issues per page (default 50). Jira may return fewer.',
        examples: [20],
      },
      cursor: {
        type: 'string',
        description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
        examples: ['eyJhIjoiamlyYS5zZWFyY2hfaXNzdWVzIn0'],
      },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      issues: { type: 'array', items: issue },
      isLast: { type: 'boolean' },
    },
    required: ['issues'],
  },
  http: {
    method: 'GET',
    path: '/rest/api/3/search/jql',
    query: { jql: { $input: 'jql' }, fields: { $input: 'fields' }, maxResults: { $input: 'maxResults' } },
  },
  pagination: {
    style: 'page_token',
    cursorInput: 'cursor',
    request: { name: 'nextPageToken', in: 'query' },
    nextTokenPath: 'nextPageToken',
    isLastPath: 'isLast',
  },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get',
    operationId: 'searchAndReconsileIssuesUsingJql',
  },
  sourceFile: __filename,
});

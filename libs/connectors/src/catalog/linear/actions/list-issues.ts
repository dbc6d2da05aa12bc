import { defineAction } from '../../../definition/define';
import {
  connectionOf,
  cursorParam,
  firstParam,
  graphqlBody,
  INVALID,
  issue,
  ISSUE_FIELDS,
  LINEAR_DOCS,
  RATE_LIMITED,
  REAUTH,
  relayPaging,
  uuidParam,
} from '../linear.schemas';

export const listIssues = defineAction({
  id: 'linear.list_issues',
  version: '1.0.0',
  title: 'Search Linear issues',
  description:
    'Lists issues, newest first, optionally filtered by team, title text, workflow state type or name, and assignee; each with identifier, title, state, assignee and URL. One page at a time.',
  usage:
    'Use to find issues ("open bugs of team ENG assigned to Ada"). To read one issue whose identifier you know, use linear.get_issue. Every filter narrows the result; omit the ones you do not need.',
  errorGuide: {
    upstream_invalid_request: INVALID,
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      teamId: uuidParam('team', '9cfb482a-81e3-4154-b5b9-2c805e70a02d'),
      titleContains: { type: 'string', minLength: 1, maxLength: 200, description: 'Text the title contains, ignoring case.', examples: ['login'] },
      stateType: {
        enum: ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'],
        description: 'Workflow state type: unstarted or started for open work, completed or canceled for closed.',
        examples: ['started'],
      },
      stateName: { type: 'string', minLength: 1, maxLength: 100, description: 'Exact workflow state name, e.g. In Progress.', examples: ['In Progress'] },
      assigneeId: uuidParam('assignee (user)', '5c6b3c3a-1f7e-4b43-9e4c-7a2b1f0c9d11'),
      first: firstParam,
      cursor: cursorParam,
    },
  },
  outputSchema: connectionOf(issue),
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody(
      `query Issues($first: Int, $after: String, $filter: IssueFilter) { issues(first: $first, after: $after, filter: $filter, orderBy: createdAt) { nodes { ${ISSUE_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
      {
        first: { $input: 'first' },
        filter: {
          team: { id: { eq: { $input: 'teamId' } } },
          title: { containsIgnoreCase: { $input: 'titleContains' } },
          state: { type: { eq: { $input: 'stateType' } }, name: { eq: { $input: 'stateName' } } },
          assignee: { id: { eq: { $input: 'assigneeId' } } },
        },
      },
    ),
    response: { resultPath: 'data.issues' },
  },
  pagination: relayPaging('issues'),
  provenance: { docsUrl: LINEAR_DOCS.filtering, operationId: 'issues' },
  sourceFile: __filename,
});

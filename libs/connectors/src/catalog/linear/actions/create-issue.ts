import { defineAction } from '../../../definition/define';
import {
  FORBIDDEN,
  graphqlBody,
  INVALID,
  ISSUE_FIELDS,
  issuePayload,
  LINEAR_DOCS,
  NOT_FOUND,
  priorityParam,
  RATE_LIMITED,
  REAUTH,
  uuidParam,
} from '../linear.schemas';

export const createIssue = defineAction({
  id: 'linear.create_issue',
  version: '1.0.0',
  title: 'Create a Linear issue',
  description:
    'Creates an issue in a team (issueCreate) with a title and optionally a Markdown description, priority, assignee and workflow state; returns it with its new identifier (ENG-124) and URL.',
  usage:
    "Take the teamId from linear.list_teams. Without stateId the issue starts in the team's default state. Calling twice creates two issues: check with linear.list_issues first when unsure.",
  errorGuide: {
    upstream_invalid_request: INVALID,
    upstream_not_found: NOT_FOUND,
    upstream_forbidden: FORBIDDEN,
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['issues:create'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['teamId', 'title'],
    properties: {
      teamId: uuidParam('team', '9cfb482a-81e3-4154-b5b9-2c805e70a02d'),
      title: { type: 'string', minLength: 1, maxLength: 255, description: 'The issue title.', examples: ['Login page times out'] },
      description: { type: 'string', maxLength: 100_000, description: 'Body in Markdown.', examples: ['Steps: open /login, wait 30 s.'] },
      priority: priorityParam,
      assigneeId: uuidParam('assignee (user)', '5c6b3c3a-1f7e-4b43-9e4c-7a2b1f0c9d11'),
      stateId: uuidParam('workflow state', '0f9a1c7e-3b2d-4e5f-8a6b-1c2d3e4f5a6b'),
    },
  },
  outputSchema: issuePayload,
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody(`mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } } }`, {
      input: {
        teamId: { $input: 'teamId' },
        title: { $input: 'title' },
        description: { $input: 'description' },
        priority: { $input: 'priority' },
        assigneeId: { $input: 'assigneeId' },
        stateId: { $input: 'stateId' },
      },
    }),
    response: { resultPath: 'data.issueCreate' },
  },
  provenance: { docsUrl: LINEAR_DOCS.graphql, operationId: 'issueCreate' },
  sourceFile: __filename,
});

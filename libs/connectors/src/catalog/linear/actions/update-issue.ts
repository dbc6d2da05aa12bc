import { defineAction } from '../../../definition/define';
import {
  FORBIDDEN,
  graphqlBody,
  INVALID,
  ISSUE_FIELDS,
  issuePayload,
  issueRefParam,
  LINEAR_DOCS,
  NOT_FOUND,
  priorityParam,
  RATE_LIMITED,
  REAUTH,
  uuidParam,
} from '../linear.schemas';

export const updateIssue = defineAction({
  id: 'linear.update_issue',
  version: '1.0.0',
  title: 'Update a Linear issue (state, assignee, priority, title)',
  description:
    'Changes an issue (issueUpdate): move it to another workflow state, assign or unassign it, change its priority, title or description. Only the fields given change.',
  usage:
    "To move an issue take the stateId from linear.list_workflow_states of the issue's team (a state of another team is refused). assigneeId null unassigns. To comment instead, use linear.add_comment.",
  errorGuide: {
    upstream_invalid_request: INVALID,
    upstream_not_found: NOT_FOUND,
    upstream_forbidden: FORBIDDEN,
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueId'],
    minProperties: 2,
    properties: {
      issueId: issueRefParam,
      stateId: uuidParam('new workflow state', '0f9a1c7e-3b2d-4e5f-8a6b-1c2d3e4f5a6b'),
      assigneeId: {
        type: ['string', 'null'],
        pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
        description: "The new assignee's user id, or null to unassign.",
        examples: ['5c6b3c3a-1f7e-4b43-9e4c-7a2b1f0c9d11', null],
      },
      priority: priorityParam,
      title: { type: 'string', minLength: 1, maxLength: 255, description: 'The new title.', examples: ['Login page times out on Safari'] },
      description: { type: 'string', maxLength: 100_000, description: 'The new Markdown body (replaces the old one).', examples: ['Only on Safari 17.'] },
    },
  },
  outputSchema: issuePayload,
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody(
      `mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { ${ISSUE_FIELDS} } } }`,
      {
        id: { $input: 'issueId' },
        input: {
          stateId: { $input: 'stateId' },
          assigneeId: { $input: 'assigneeId' },
          priority: { $input: 'priority' },
          title: { $input: 'title' },
          description: { $input: 'description' },
        },
      },
    ),
    response: { resultPath: 'data.issueUpdate' },
  },
  provenance: { docsUrl: LINEAR_DOCS.graphql, operationId: 'issueUpdate' },
  sourceFile: __filename,
});

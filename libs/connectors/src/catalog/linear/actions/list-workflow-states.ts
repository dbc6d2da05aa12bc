import { defineAction } from '../../../definition/define';
import {
  connectionOf,
  cursorParam,
  firstParam,
  graphqlBody,
  LINEAR_DOCS,
  RATE_LIMITED,
  REAUTH,
  relayPaging,
  uuidParam,
  workflowState,
} from '../linear.schemas';

export const listWorkflowStates = defineAction({
  id: 'linear.list_workflow_states',
  version: '1.0.0',
  title: 'List the workflow states of a Linear team',
  description:
    "Lists a team's workflow states (Backlog, Todo, In Progress, Done, Canceled …) with their id and type (backlog, unstarted, started, completed, canceled).",
  usage: "Use before linear.update_issue to find the stateId that moves an issue: states are per team, so take them from the issue's own team.",
  errorGuide: { upstream_rate_limited: RATE_LIMITED, needs_reauth: REAUTH, invalid_input: 'The cursor did not come from this action.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['teamId'],
    properties: { teamId: uuidParam('team', '9cfb482a-81e3-4154-b5b9-2c805e70a02d'), first: firstParam, cursor: cursorParam },
  },
  outputSchema: connectionOf(workflowState),
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody(
      'query States($first: Int, $after: String, $filter: WorkflowStateFilter) { workflowStates(first: $first, after: $after, filter: $filter) { nodes { id name type position } pageInfo { hasNextPage endCursor } } }',
      { first: { $input: 'first' }, filter: { team: { id: { eq: { $input: 'teamId' } } } } },
    ),
    response: { resultPath: 'data.workflowStates' },
  },
  pagination: relayPaging('workflowStates'),
  provenance: { docsUrl: LINEAR_DOCS.filtering, operationId: 'workflowStates' },
  sourceFile: __filename,
});

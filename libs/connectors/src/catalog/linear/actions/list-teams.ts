import { defineAction } from '../../../definition/define';
import { connectionOf, cursorParam, firstParam, graphqlBody, LINEAR_DOCS, RATE_LIMITED, REAUTH, relayPaging, team } from '../linear.schemas';

export const listTeams = defineAction({
  id: 'linear.list_teams',
  version: '1.0.0',
  title: 'List Linear teams',
  description:
    "Lists the teams of the Linear workspace the credential's user can see: id, key (the prefix of issue identifiers, e.g. ENG) and name, one page at a time.",
  usage: 'Start here: creating an issue needs a team id, and states belong to a team. Find issues with linear.list_issues.',
  errorGuide: { upstream_rate_limited: RATE_LIMITED, needs_reauth: REAUTH, invalid_input: 'The cursor did not come from this action.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read'],
  inputSchema: { type: 'object', additionalProperties: false, properties: { first: firstParam, cursor: cursorParam } },
  outputSchema: connectionOf(team),
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody(
      'query Teams($first: Int, $after: String) { teams(first: $first, after: $after) { nodes { id key name } pageInfo { hasNextPage endCursor } } }',
      { first: { $input: 'first' } },
    ),
    response: { resultPath: 'data.teams' },
  },
  pagination: relayPaging('teams'),
  provenance: { docsUrl: LINEAR_DOCS.graphql, operationId: 'teams' },
  sourceFile: __filename,
});

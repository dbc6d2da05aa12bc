import { defineAction } from '../../../definition/define';
import { issueIidParam, PROJECT_NOT_FOUND, projectParam, RATE_LIMITED } from '../gitlab.schemas';

export const createIssueNote = defineAction({
  id: 'gitlab.create_issue_note',
  version: '1.0.0',
  title: 'Comment on a GitLab issue',
  description: 'Adds a comment (a note) to an issue (POST /projects/:id/issues/:issue_iid/notes). Markdown; @mentions notify people.',
  usage: 'Use to reply on an issue or record progress. To change the issue itself use gitlab.update_issue.',
  errorGuide: {
    upstream_not_found: PROJECT_NOT_FOUND,
    upstream_invalid_request: 'The body is missing or too long.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project', 'issue_iid', 'body'],
    properties: {
      project: projectParam,
      issue_iid: issueIidParam,
      body: {
        type: 'string',
        minLength: 1,
        maxLength: 1_000_000,
        description: 'The comment, in GitLab Markdown.',
        examples: ['Reproduced on staging; looking into it.'],
      },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      body: { type: 'string' },
      noteable_iid: { type: 'integer' },
      system: { type: 'boolean' },
      created_at: { type: 'string' },
    },
    required: ['id', 'body'],
  },
  http: { method: 'POST', path: '/projects/{project}/issues/{issue_iid}/notes', body: { encoding: 'json', value: { body: { $input: 'body' } } } },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/notes/#create-new-issue-note' },
  sourceFile: __filename,
});

import { defineAction } from '../../../definition/define';
import { list, NOT_SHARED, notionIdParam, paragraphOf, RATE_LIMITED } from '../notion.schemas';

export const appendText = defineAction({
  id: 'notion.append_text',
  version: '1.0.0',
  title: 'Append a paragraph to a Notion page',
  description: 'Adds a paragraph of plain text at the end of a page or block (PATCH /v1/blocks/{block_id}/children).',
  usage: 'Use to add notes to an existing page. Existing content is left as it is; each call adds one paragraph (at most 2000 characters).',
  errorGuide: {
    upstream_not_found: NOT_SHARED,
    upstream_invalid_request: 'The page is archived or the text is too long (validation_error).',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['insert_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['block_id', 'text'],
    properties: {
      block_id: notionIdParam('page or block', 'b55c9c91-384d-452b-81db-d1ef79372b75'),
      text: {
        type: 'string',
        minLength: 1,
        maxLength: 2000,
        description: 'The paragraph to add (plain text).',
        examples: ['Follow-up: the fix shipped on Monday.'],
      },
    },
  },
  outputSchema: list({ type: 'object' }),
  http: { method: 'PATCH', path: '/blocks/{block_id}/children', body: { encoding: 'json', value: { children: [paragraphOf('text')] } } },
  provenance: { docsUrl: 'https://developers.notion.com/reference/patch-block-children' },
  sourceFile: __filename,
});

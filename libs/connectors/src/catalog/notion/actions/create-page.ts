import { defineAction } from '../../../definition/define';
import { NOT_SHARED, notionIdParam, page, paragraphOf, RATE_LIMITED } from '../notion.schemas';

export const createPage = defineAction({
  id: 'notion.create_page',
  version: '1.0.0',
  title: 'Create a Notion page under a page',
  description: 'Creates a sub-page of an existing page (POST /v1/pages) with a title and a first paragraph of text.',
  usage:
    'Use to write a new document in a shared page. The parent must be shared with the integration and the integration needs insert-content capability. Add more text afterwards with notion.append_text.',
  errorGuide: {
    upstream_not_found: NOT_SHARED,
    upstream_forbidden: 'The integration lacks the insert-content capability (restricted_resource).',
    upstream_invalid_request: 'The body failed validation, e.g. a text longer than 2000 characters.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['insert_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['parent_page_id', 'title', 'text'],
    properties: {
      parent_page_id: notionIdParam('parent page', 'b55c9c91-384d-452b-81db-d1ef79372b75'),
      title: { type: 'string', minLength: 1, maxLength: 2000, description: "The new page's title.", examples: ['Incident review 2026-01-15'] },
      text: {
        type: 'string',
        minLength: 1,
        maxLength: 2000,
        description: 'The first paragraph (plain text, at most 2000 characters).',
        examples: ['Summary of what happened and why.'],
      },
    },
  },
  outputSchema: page,
  http: {
    method: 'POST',
    path: '/pages',
    body: {
      encoding: 'json',
      value: {
        parent: { page_id: { $input: 'parent_page_id' } },
        properties: { title: { title: [{ type: 'text', text: { content: { $input: 'title' } } }] } },
        children: [paragraphOf('text')],
      },
    },
  },
  provenance: { docsUrl: 'https://developers.notion.com/reference/post-page' },
  sourceFile: __filename,
});

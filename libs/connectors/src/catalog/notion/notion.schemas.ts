import type { JsonSchema } from '../../definition/action';

export const notionIdParam = (what: string, example: string): JsonSchema => ({
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
  description: `The ${what} id (a UUID, with or without dashes; the last part of its Notion URL).`,
  examples: [example],
});

export const page: JsonSchema = {
  type: 'object',
  properties: {
    object: { const: 'page' },
    id: { type: 'string' },
    url: { type: 'string' },
    archived: { type: 'boolean' },
    parent: { type: 'object' },
    properties: { type: 'object', description: "Property values by name, in Notion's typed shape (title, rich_text, select, checkbox…)." },
    created_time: { type: 'string' },
    last_edited_time: { type: 'string' },
  },
  required: ['object', 'id'],
};

export const list = (items: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { object: { const: 'list' }, results: { type: 'array', items }, has_more: { type: 'boolean' }, next_cursor: { type: ['string', 'null'] } },
  required: ['results', 'has_more'],
});

export const pageSizeParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  description: 'Results per page (default and maximum 100).',
  examples: [25],
};

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoibm90aW9uLnNlYXJjaCJ9'],
};

/** A paragraph block holding plain text, which is what an agent usually wants to write. */
export const paragraphOf = (input: string) => ({
  object: 'block',
  type: 'paragraph',
  paragraph: { rich_text: [{ type: 'text', text: { content: { $input: input } } }] },
});

export const NOT_SHARED = 'Not found, or not shared with the integration: a user must add the integration to the page (Connections menu) before it can see it.';
export const RATE_LIMITED = 'Over the average of three requests per second; wait retryAfterMs (Retry-After).';

import type { JsonSchema } from '../../definition/action';

export const spaceIdParam: JsonSchema = {
  type: 'string',
  pattern: '^[a-zA-Z0-9-_.]{1,64}$',
  description: 'ID of the Contentful space.',
  examples: ['sim0space001'],
};

export const environmentIdParam: JsonSchema = {
  type: 'string',
  pattern: '^[a-zA-Z0-9-_.]{1,64}$',
  default: 'master',
  description: 'Environment ID; `master` unless the space uses others.',
  examples: ['master'],
};

export const entryIdParam: JsonSchema = {
  type: 'string',
  pattern: '^[a-zA-Z0-9-_.]{1,64}$',
  description: 'ID of the entry (its sys.id).',
  examples: ['5KPW3HoFPIy35O6KwbPwkm'],
};

export const versionParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  description: "The entry's current sys.version, exactly as last read. A stale value is refused with upstream_conflict.",
  examples: [3],
};

export const localizedFieldsParam: JsonSchema = {
  type: 'object',
  description: 'Field values keyed by field ID, then by locale code. Every write replaces all fields: include the ones to keep.',
  additionalProperties: { type: 'object', minProperties: 1 },
  examples: [{ title: { 'en-US': 'Hello world' }, slug: { 'en-US': 'hello-world' } }],
};

const link: JsonSchema = { type: 'object', properties: { sys: { type: 'object', properties: { id: { type: 'string' } } } } };

/** A management (CMA) entry: fields nested by locale, full version bookkeeping in sys. */
export const managementEntry: JsonSchema = {
  type: 'object',
  properties: {
    sys: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: { const: 'Entry' },
        version: { type: 'integer' },
        publishedVersion: { type: 'integer' },
        contentType: link,
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
      },
      required: ['id', 'type', 'version'],
    },
    fields: { type: 'object' },
  },
  required: ['sys'],
};

/** A delivery (CDA) entry: published content only, fields flat for one locale. */
export const deliveryEntry: JsonSchema = {
  type: 'object',
  properties: {
    sys: {
      type: 'object',
      properties: { id: { type: 'string' }, type: { const: 'Entry' }, locale: { type: 'string' }, contentType: link },
      required: ['id', 'type'],
    },
    fields: { type: 'object' },
  },
  required: ['sys'],
};

export const collectionOf = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: {
    total: { type: 'integer', description: 'Matches in total, not only on this page.' },
    skip: { type: 'integer' },
    limit: { type: 'integer' },
    items: { type: 'array', items: item },
  },
  required: ['total', 'skip', 'limit', 'items'],
});

export const searchParams: Record<string, JsonSchema> = {
  contentType: { type: 'string', description: 'Only entries of this content type ID. Required when filtering or ordering by fields.', examples: ['blogPost'] },
  query: { type: 'string', minLength: 1, description: "Full-text search over the entries' text fields.", examples: ['launch'] },
  filters: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Contentful search parameters as key/value, e.g. `fields.slug`, `fields.title[match]`, `sys.id[in]` (comma list). Field filters need contentType.',
    examples: [{ 'fields.slug': 'hello-world' }],
  },
  order: { type: 'string', description: 'Sort order, e.g. `-sys.createdAt` (newest first) or `fields.title`.', examples: ['-sys.createdAt'] },
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Entries per page (default 100, at most 1000).', examples: [25] },
  cursor: {
    type: 'string',
    description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
    examples: ['eyJhIjoiY29udGVudGZ1bC5zZWFyY2hfZW50cmllcyJ9'],
  },
};

import type { JsonSchema } from '../../definition/action';

export const issueKeyParam: JsonSchema = {
  type: 'string',
  pattern: '^([A-Z][A-Z0-9_]+-\\d+|\\d+)$',
  description: 'Issue key (PROJ-123) or numeric issue ID.',
  examples: ['OPS-42'],
};

export const fieldsParam = (defaultFields: string[]): JsonSchema => ({
  type: 'array',
  minItems: 1,
  items: { type: 'string', minLength: 1 },
  default: defaultFields,
  description: `Fields to return. Jira returns only what is listed; "*all" returns everything (slow). Default: ${defaultFields.join(', ')}.`,
  examples: [['summary', 'status', 'assignee']],
});

export const DEFAULT_ISSUE_FIELDS = ['summary', 'status', 'assignee', 'issuetype', 'priority', 'created', 'updated'];

/** Atlassian Document Format root; kept loose because ADF has dozens of node types. */
export const adfDocument: JsonSchema = {
  type: 'object',
  properties: { type: { const: 'doc' }, version: { const: 1 }, content: { type: 'array' } },
  required: ['type', 'version', 'content'],
};

export const issue: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    self: { type: 'string' },
    fields: { type: 'object' },
  },
  required: ['id'],
};

import type { JsonSchema } from '../../definition/action';

export const ownerParam: JsonSchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$',
  description: 'Account that owns the repository (user or organization login).',
  examples: ['causeway-demo'],
};

export const repoParam: JsonSchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9._-]{1,100}$',
  description: 'Repository name without the owner.',
  examples: ['api'],
};

export const filePathParam: JsonSchema = {
  type: 'string',
  minLength: 1,
  pattern: '^[^/].*[^/]$|^[^/]$',
  description: 'Path of the file inside the repository, without a leading or trailing slash.',
  examples: ['docs/README.md'],
};

const user: JsonSchema = { type: 'object', properties: { login: { type: 'string' }, id: { type: 'integer' } } };

export const issue: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    number: { type: 'integer' },
    title: { type: 'string' },
    body: { type: ['string', 'null'] },
    state: { enum: ['open', 'closed'] },
    user,
    labels: { type: 'array' },
    comments: { type: 'integer' },
    html_url: { type: 'string' },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    pull_request: { type: 'object', description: 'Present when the item is a pull request.' },
  },
  required: ['id', 'number', 'title', 'state'],
};

export const commitResult: JsonSchema = {
  type: 'object',
  properties: { sha: { type: 'string' }, message: { type: 'string' }, html_url: { type: 'string' } },
};

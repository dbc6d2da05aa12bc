import { AppError } from '@causeway/platform';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { SEARCH_LIMIT, MAX_TEXT, parseSearchArguments } from '../tools/tool-query';
import { searchTools, type ToolScope } from '../tools/tool-listing';
import { toSearchResult } from '../tools/tool-scope';

export const SEARCH_TOOLS = 'search_tools';

const sideEffect = { type: 'string', enum: ['read', 'write', 'destructive'] } as const;
const providerId = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' } as const;

/**
 * A tool that finds tools: with hundreds in the catalog, a model asks for the few that fit its
 * task instead of reading every description. Ranked locally (`ToolSearchIndex`); it calls
 * nothing upstream, so it is answered here rather than by the call pipeline.
 */
export const searchToolsTool: Tool = {
  name: SEARCH_TOOLS,
  title: 'Find tools for a task',
  description:
    'Ranks the tools you can call for a task described in plain words ("close a support ticket", "post a message to a channel"), best first, with each one\'s input schema. ' +
    'Use it when tools/list is long or you are unsure which tool fits; then call the tool by its name. Only tools with a usable connection are searched unless include is "all".',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', minLength: 1, maxLength: MAX_TEXT, description: 'The task in plain words, e.g. "refund a payment".' },
      provider: {
        anyOf: [providerId, { type: 'array', items: providerId, minItems: 1, maxItems: 50 }],
        description: 'Only tools of this provider id (or these), e.g. "slack".',
      },
      sideEffect: {
        anyOf: [sideEffect, { type: 'array', items: sideEffect, minItems: 1, maxItems: 3 }],
        description: 'Only tools with this side effect (or these): read, write or destructive.',
      },
      include: {
        type: 'string',
        enum: ['usable', 'all'],
        default: 'usable',
        description: '"all" also ranks tools whose provider has no usable connection yet (they are marked usable: false).',
      },
      limit: { type: 'integer', minimum: 1, maximum: SEARCH_LIMIT.max, default: SEARCH_LIMIT.default, description: 'How many tools at most.' },
    },
    required: ['query'],
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: {
      tools: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            title: { type: 'string' },
            provider: { type: 'string' },
            sideEffect,
            description: { type: 'string' },
            inputSchema: { type: 'object' },
            score: { type: 'number' },
            usable: { type: 'boolean' },
          },
          required: ['name', 'title', 'provider', 'sideEffect', 'description', 'inputSchema', 'score', 'usable'],
        },
      },
    },
    required: ['tools'],
  },
  annotations: { title: 'Find tools for a task', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

/**
 * Runs `search_tools`. Refusals are `AppError`s: `invalid_input` for arguments (the server
 * answers -32602), `forbidden` for a key that may not list tools.
 */
export function runSearchTools(scope: ToolScope, args: unknown): CallToolResult {
  const ranked = searchTools(scope, parseSearchArguments(args));
  if (!ranked) throw new AppError('forbidden', 'this key may not list tools: it needs read:Tool or call:Tool');
  const structured = { tools: ranked.map(toSearchResult) };
  // The spec asks structured results to be repeated as JSON text for clients that read only content.
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

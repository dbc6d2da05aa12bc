import type { JsonSchema, ToolDescriptor } from '@causeway/connectors';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { mayCallTools } from '../tools/tool-access';
import type { CatalogTool } from '../tools/tool-catalog';
import { listTools, type ToolScope } from '../tools/tool-listing';
import { searchToolsTool } from './search-tools';
import { CAUSEWAY_ARGUMENT, causewayArgumentSchema } from './call-options';
import { portableSchema } from './portable-schema';

/**
 * One line per tool, not a paragraph: it is repeated in every tool a model sees. The details
 * live in the `_causeway` property's own description, which the model reads with the schema.
 */
const DESCRIPTION_FOOTER =
  `Optional \`${CAUSEWAY_ARGUMENT}\` argument: which connection to use (connectionId, onBehalfOf), the next page (cursor), a write safe to retry (idempotencyKey). ` +
  'A failed call returns isError with the error code, whether to retry (and after how many ms) and what to do next.';

type ObjectSchema = Tool['inputSchema'];

function asObjectSchema(schema: JsonSchema, what: string): ObjectSchema {
  // MCP requires object schemas and every catalog action has them (mcp-tools.spec checks);
  // failing loudly here beats handing a client a tool it will reject.
  if (schema.type !== 'object') throw new Error(`${what} must be a JSON Schema of type object`);
  return schema as ObjectSchema;
}

/**
 * REST carries `connectionId`, `onBehalfOf` and `cursor` beside `input`; MCP has only
 * `arguments`, so the MCP input schema is the REST input schema plus one optional envelope
 * property. Declaring it (rather than only describing it) matters: the input schemas refuse
 * unknown properties, and clients that enforce schemas would otherwise never let a model send it.
 */
function withCausewayArgument(inputSchema: JsonSchema, toolName: string): ObjectSchema {
  const schema = asObjectSchema(inputSchema, `${toolName} inputSchema`);
  return { ...schema, properties: { ...(schema.properties ?? {}), [CAUSEWAY_ARGUMENT]: causewayArgumentSchema } };
}

export function toMcpTool(descriptor: ToolDescriptor): Tool {
  return {
    name: descriptor.name,
    title: descriptor.title,
    description: `${descriptor.description}\n\n${DESCRIPTION_FOOTER}`,
    inputSchema: withCausewayArgument(portableSchema(descriptor.inputSchema), descriptor.name),
    outputSchema: asObjectSchema(portableSchema(descriptor.outputSchema), `${descriptor.name} outputSchema`),
    annotations: descriptor.annotations,
    // What REST shows beyond MCP's fields, so an MCP host loses nothing GET /v1/tools offers.
    _meta: {
      'causeway/version': descriptor.version,
      'causeway/sideEffect': descriptor.sideEffect,
      'causeway/requiredScopes': descriptor.requiredScopes,
    },
  };
}

/** An MCP tool per catalog tool object, made once: a catalog version shares its objects. */
const mcpToolOf = new WeakMap<CatalogTool, Tool>();
function mcpTool(tool: CatalogTool): Tool {
  let converted = mcpToolOf.get(tool);
  if (!converted) {
    converted = toMcpTool(tool.descriptor);
    mcpToolOf.set(tool, converted);
  }
  return converted;
}

/**
 * Tools per `tools/list` page. The spec leaves the size to the server; clients follow
 * `nextCursor`. Small enough not to flood a model's context; a client that reads only the
 * first page still gets `search_tools`, which reaches every tool.
 */
export const MCP_PAGE_SIZE = 50;

/**
 * `_meta` of `tools/list` may carry `causeway/include: "all"` to list the whole catalog the key
 * may call rather than only tools with a usable connection (`GET /v1/tools?include=all`).
 */
export const INCLUDE_ALL_META = 'causeway/include';

/**
 * One `tools/list` page for this key: the rule of `GET /v1/tools` (`listTools`), so the MCP e2e
 * suite compares the two lists. `search_tools` leads the first page for a key that may call
 * tools. `null` when the key may not list tools at all.
 */
export function visibleMcpTools(scope: ToolScope, options: { cursor?: string; includeAll?: boolean } = {}): { tools: Tool[]; nextCursor?: string } | null {
  const page = listTools(scope, {
    filter: { include: options.includeAll ? 'all' : 'usable' },
    limit: MCP_PAGE_SIZE,
    ...(options.cursor ? { cursor: options.cursor } : {}),
  });
  if (!page) return null;
  const first = !options.cursor && mayCallTools(scope.principal) ? [searchToolsTool] : [];
  return { tools: [...first, ...page.tools.map(mcpTool)], ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

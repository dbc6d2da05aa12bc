import { catalog, toToolDescriptor, type JsonSchema, type ToolDescriptor } from '@causeway/connectors';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { listableTools } from '../tools/tool-access';
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

/** Built once: the catalog is fixed for the life of the process. */
const mcpTools: Tool[] = catalog.listActions().map(({ action }) => toMcpTool(toToolDescriptor(action)));

/**
 * The tools `tools/list` shows this key: the rule of `GET /v1/tools` (`listableTools`); the MCP e2e suite compares the two
 * lists. `null` when the key may not list tools at all.
 */
export function visibleMcpTools(principal: AgentPrincipal, tenantTools: readonly ToolDescriptor[] = []): Tool[] | null {
  return listableTools(principal, tenantTools.length === 0 ? mcpTools : [...mcpTools, ...tenantMcpTools(tenantTools)]);
}

/** A tenant's tools in MCP form, converted once per version of its tool list (which the config view replaces whole). */
const mcpFormOf = new WeakMap<readonly ToolDescriptor[], Tool[]>();
function tenantMcpTools(tools: readonly ToolDescriptor[]): Tool[] {
  let converted = mcpFormOf.get(tools);
  if (!converted) mcpFormOf.set(tools, (converted = tools.map(toMcpTool)));
  return converted;
}

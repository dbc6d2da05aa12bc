import type { JsonSchema, SideEffect } from '../definition/action';
import type { CatalogAction } from './catalog';

/** What `GET /v1/tools` and MCP `tools/list` show an agent for one action. */
export interface ToolDescriptor {
  name: string;
  title: string;
  version: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  sideEffect: SideEffect;
  requiredScopes: string[];
  /** MCP tool annotations. */
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

export function toToolDescriptor(action: CatalogAction): ToolDescriptor {
  return {
    name: action.id,
    title: action.title,
    version: action.version,
    description: renderToolDescription(action),
    inputSchema: action.inputSchema,
    outputSchema: action.outputSchema,
    sideEffect: action.sideEffect,
    requiredScopes: action.scopes,
    annotations: {
      title: action.title,
      readOnlyHint: action.hints.readOnly,
      destructiveHint: action.hints.destructive,
      idempotentHint: action.hints.idempotent,
      openWorldHint: action.hints.openWorld,
    },
  };
}

/**
 * One text for the model: what the tool does, when to use it, and what to do after each
 * error. Parameter details stay in the input schema's descriptions and examples.
 */
export function renderToolDescription(action: CatalogAction): string {
  const errors = Object.entries(action.errorGuide).map(([code, meaning]) => `- ${code}: ${meaning}`);
  const irreversible = action.sideEffect === 'destructive' ? '\n\nThis action is irreversible.' : '';
  return `${action.description}\n\nWhen to use: ${action.usage}${irreversible}\n\nErrors:\n${errors.join('\n')}`;
}

import type { ToolDescriptor } from '@causeway/connectors';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { ConfigView } from '../config-view/config-view';
import { toolCatalogFor } from './tool-catalog';
import type { RankedTool, ToolScope } from './tool-listing';
import { usableProviders } from './usable-connections';

/** One search result: enough to choose and call the tool without listing the catalog. */
export interface ToolSearchResult {
  name: string;
  title: string;
  provider: string;
  sideEffect: ToolDescriptor['sideEffect'];
  description: string;
  inputSchema: ToolDescriptor['inputSchema'];
  score: number;
  usable: boolean;
}

export function toSearchResult({ tool, score, usable }: RankedTool): ToolSearchResult {
  const { descriptor } = tool;
  return {
    name: descriptor.name,
    title: descriptor.title,
    provider: tool.provider,
    sideEffect: descriptor.sideEffect,
    description: `${tool.summary} ${tool.usage}`,
    inputSchema: descriptor.inputSchema,
    score,
    usable,
  };
}

/** What a key may see, for REST and MCP alike: its tenant's catalog and which providers it has a usable connection to. */
export function toolScope(view: Pick<ConfigView, 'tenantConfig' | 'tenantConnectors'>, principal: AgentPrincipal): ToolScope {
  return {
    principal,
    catalog: toolCatalogFor(view.tenantConnectors.catalogFor(principal.tenantId)),
    usable: usableProviders(principal, principal.tenantConfig ?? view.tenantConfig(principal.tenantId)),
  };
}

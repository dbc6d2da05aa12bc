import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { catalog, toToolDescriptor } from '@causeway/connectors';
import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { causewayArgumentSchema, toCallRequest } from './call-options';
import { builtInToolCatalog } from '../tools/tool-catalog';
import type { ToolScope } from '../tools/tool-listing';
import { MCP_PAGE_SIZE, toMcpTool, visibleMcpTools } from './mcp-tools';
import { SEARCH_TOOLS, searchToolsTool } from './search-tools';
import { portableSchema } from './portable-schema';

const principal = (permissions: string[], allowedTools: string[] | null = null): AgentPrincipal => ({
  tenantId: 't1',
  keyId: 'k1',
  keyName: 'agent',
  permissions: permissions as AgentPrincipal['permissions'],
  allowedTools,
  allowedConnections: null,
  keyScopes: permissions,
  creatorPermissions: permissions,
});

const scope = (p: AgentPrincipal): ToolScope => ({ principal: p, catalog: builtInToolCatalog(), usable: () => false });

describe('MCP tools', () => {
  it('turns every catalog action into a valid MCP tool carrying its REST descriptor', () => {
    for (const { action } of catalog.listActions()) {
      const descriptor = toToolDescriptor(action);
      const tool = ToolSchema.parse(toMcpTool(descriptor));
      expect(tool).toMatchObject({
        name: descriptor.name,
        title: descriptor.title,
        annotations: descriptor.annotations,
        outputSchema: portableSchema(descriptor.outputSchema),
      });
      expect(tool.description).toContain(descriptor.description);
      expect(tool._meta).toEqual({
        'causeway/version': descriptor.version,
        'causeway/sideEffect': descriptor.sideEffect,
        'causeway/requiredScopes': descriptor.requiredScopes,
      });
    }
  });

  it('declares _causeway in the input schema with the rules the server applies to it', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const valid = ajv.compile(causewayArgumentSchema);
    const samples: unknown[] = [
      { connectionId: '5b0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93' },
      { onBehalfOf: 'ada@example.com', cursor: 'abc', idempotencyKey: 'post-1' },
      { connectionId: 'nope' },
      { idempotencyKey: 'has spaces' },
      { onBehalfOf: '' },
      { other: 1 },
    ];
    for (const sample of samples) {
      let accepted = true;
      try {
        toCallRequest({ _causeway: sample }, undefined);
      } catch {
        accepted = false;
      }
      expect([sample, valid(sample)]).toEqual([sample, accepted]);
    }
  });

  it('shows a key what GET /v1/tools shows it: everything allowed, nothing without call:Tool, no list without read or call', () => {
    const names = (p: AgentPrincipal) => visibleMcpTools(scope(p), { includeAll: true })?.tools.map((t) => t.name) ?? null;
    expect(names(principal(['call:Tool']))).toEqual([SEARCH_TOOLS, ...catalog.listActions().map(({ action }) => action.id)].slice(0, MCP_PAGE_SIZE + 1));
    const allowed = names(principal(['call:Tool'], ['slack.*', 'jira.search_issues']))!;
    expect(allowed).toContain('jira.search_issues');
    expect(allowed).toContain('slack.post_message');
    expect(allowed.filter((name) => !name.startsWith('slack.') && name !== 'jira.search_issues' && name !== SEARCH_TOOLS)).toEqual([]);
    expect(names(principal(['read:Tool']))).toEqual([]);
    expect(names(principal(['read:Connection']))).toBeNull();
  });

  it('lists by default only tools of providers with a usable connection, search_tools first', () => {
    const onlySlack = { ...scope(principal(['call:Tool'])), usable: (provider: string) => provider === 'slack' };
    const names = visibleMcpTools(onlySlack)!.tools.map((t) => t.name);
    expect(names[0]).toBe(SEARCH_TOOLS);
    expect(names.slice(1).every((name) => name.startsWith('slack.'))).toBe(true);
    expect(names.length).toBeGreaterThan(1);
  });

  it('publishes search_tools as a valid MCP tool', () => {
    expect(ToolSchema.parse(searchToolsTool)).toMatchObject({ name: SEARCH_TOOLS, annotations: { readOnlyHint: true } });
  });
});

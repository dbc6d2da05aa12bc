import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { catalog, toToolDescriptor } from '@causeway/connectors';
import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { causewayArgumentSchema, toCallRequest } from './call-options';
import { toMcpTool, visibleMcpTools } from './mcp-tools';
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

describe('MCP tools', () => {
  it('turns every catalog action into a valid MCP tool carrying its REST descriptor', () => {
    for (const { action } of catalog.listActions()) {
      const descriptor = toToolDescriptor(action);
      const tool = ToolSchema.parse(toMcpTool(descriptor));
      expect(tool).toMatchObject({ name: descriptor.name, title: descriptor.title, annotations: descriptor.annotations, outputSchema: portableSchema(descriptor.outputSchema) });
      expect(tool.description).toContain(descriptor.description);
      expect(tool._meta).toEqual({ 'causeway/version': descriptor.version, 'causeway/sideEffect': descriptor.sideEffect, 'causeway/requiredScopes': descriptor.requiredScopes });
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
    expect(visibleMcpTools(principal(['call:Tool']))?.length).toBe(catalog.listActions().length);
    const allowed = visibleMcpTools(principal(['call:Tool'], ['slack.*', 'jira.search_issues']))!.map((t) => t.name);
    expect(allowed).toContain('jira.search_issues');
    expect(allowed).toContain('slack.post_message');
    expect(allowed.filter((name) => !name.startsWith('slack.') && name !== 'jira.search_issues')).toEqual([]);
    expect(visibleMcpTools(principal(['read:Tool']))).toEqual([]);
    expect(visibleMcpTools(principal(['read:Connection']))).toBeNull();
  });
});

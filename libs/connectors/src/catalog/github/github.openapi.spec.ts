import { readFileSync } from 'node:fs';
import type { ActionDefinition } from '../../definition/action';
import { collectInputRefs, type ValueTemplate } from '../../definition/value-template';
import { github } from './github.definition';

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  $ref?: string;
}
interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { parameters: Record<string, OpenApiParameter> };
}

// GitHub's own description of its REST API, as published on npm by Octokit.
const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as OpenApiDocument;

function operationFor(action: ActionDefinition): OpenApiOperation | undefined {
  const path = action.http.path.replace(/\{\+/g, '{');
  return spec.paths[path]?.[action.http.method.toLowerCase()];
}

function parametersOf(operation: OpenApiOperation): OpenApiParameter[] {
  return (operation.parameters ?? []).map((parameter) =>
    parameter.$ref ? (spec.components.parameters[parameter.$ref.split('/').pop() as string] as OpenApiParameter) : parameter,
  );
}

function topLevelKeys(template: ValueTemplate | undefined): string[] {
  return template && typeof template === 'object' && !Array.isArray(template) && !('$input' in template) ? Object.keys(template) : [];
}

describe("GitHub actions match GitHub's OpenAPI description (@octokit/openapi)", () => {
  describe.each(github.actions.map((action) => [action.id, action] as const))('%s', (_id, action) => {
    const operation = operationFor(action);

    it('uses a path and method GitHub documents, under the operationId it names', () => {
      expect(operation).toBeDefined();
      expect(operation?.operationId).toBe(action.provenance.operationId);
    });

    it('fills exactly the path parameters GitHub declares', () => {
      const declared = parametersOf(operation as OpenApiOperation)
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name)
        .sort();
      const ours = [...action.http.path.matchAll(/\{\+?([A-Za-z_]+)\}/g)].map((match) => match[1]).sort();
      expect(ours).toEqual(declared);
    });

    it('sends only query parameters GitHub declares', () => {
      const declared = parametersOf(operation as OpenApiOperation)
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
      for (const name of Object.keys(action.http.query ?? {})) expect(declared).toContain(name);
    });

    it('sends only body properties GitHub declares, and every one it requires', () => {
      const schema = operation?.requestBody?.content['application/json']?.schema;
      const ours = topLevelKeys(action.http.body?.value);
      if (!schema) {
        expect(ours).toEqual([]);
        return;
      }
      for (const name of ours) expect(Object.keys(schema.properties ?? {})).toContain(name);
      const requiredInputs = new Set((action.inputSchema['required'] as string[] | undefined) ?? []);
      const body = action.http.body?.value as Record<string, ValueTemplate>;
      for (const name of schema.required ?? []) {
        expect(ours).toContain(name);
        // A required body property must come from a required input, or it may go missing.
        for (const ref of collectInputRefs(body[name])) expect(requiredInputs.has(ref.split('.')[0] as string)).toBe(true);
      }
    });
  });
});

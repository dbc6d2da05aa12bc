import 'reflect-metadata';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { catalog, toToolDescriptor } from '@causeway/connectors';
import { ERROR_CODES, errorBody, type ErrorCode } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { optionalHeader } from '../actions/action-request';
import { DataPlaneModule, type DataPlaneModuleDeps } from '../app.module';
import { buildOpenApiDocument, HEADER_VALUE_PATTERN, type JsonObject } from './openapi-document';
import { AGENT_FASTIFY_ROUTES } from '../actions/actions.route';
import { SUBSCRIPTION_ROUTES } from '../events/subscriptions/subscriptions.route';

const document = buildOpenApiDocument();
const BASE = 'https://causeway.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Operation = { operationId: string; parameters?: JsonObject[]; responses: Record<string, JsonObject>; security?: Record<string, string[]>[] };
const operations: { path: string; method: string; operation: Operation }[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({ path, method, operation: operation as Operation })),
);

/** Resolves a local JSON pointer (`#/a/b~1c`) in the document. */
function resolve(pointer: string): unknown {
  if (!pointer.startsWith('#/')) throw new Error(`not a local reference: ${pointer}`);
  return pointer
    .slice(2)
    .split('/')
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node && typeof node === 'object' ? (node as JsonObject)[token] : undefined), document);
}

function refsIn(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsIn(item, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsIn(value, `${at}/${key}`)));
}

const deref = <T>(node: JsonObject): T => (typeof node.$ref === 'string' ? (resolve(node.$ref) as T) : (node as T));
const pointerTo = (...tokens: string[]) => `${BASE}#/${tokens.map((t) => encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;

// The whole document is one schema resource, so `#/components/...` references resolve as they do for an OpenAPI tool.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...document, $id: BASE });
const validator = (...tokens: string[]) => ajv.compile({ $ref: pointerTo(...tokens) });

describe('the OpenAPI document of the data plane', () => {
  it('is an OpenAPI 3.1 document with the required top-level fields', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
    for (const path of Object.keys(document.paths)) expect(path).toMatch(/^\//);
  });

  it('resolves every $ref it contains, all of them inside the document', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    const dangling = refs.filter(({ ref }) => resolve(ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('documents exactly the routes the data plane serves', () => {
    // The internal API (the control plane's window on approvals) is not for agents: not in the document.
    const controllers = (DataPlaneModule.forRoot({} as DataPlaneModuleDeps).controllers as Type[]).filter(
      (c) => !String(Reflect.getMetadata(PATH_METADATA, c) ?? '').startsWith('internal'),
    );
    const served = controllers.flatMap((controller) => {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
        const handler = controller.prototype[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined || name === 'constructor') return [];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const full = `/${[base, path]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`
          .replace(/:(\w+)/g, '{$1}')
          .replace(/\/\*$/, '/{path}');
        return [`${method} ${full}`];
      });
    });
    // The hot route is served on Fastify directly (actions.route.ts), outside Nest's controllers.
    served.push(...[...AGENT_FASTIFY_ROUTES, ...SUBSCRIPTION_ROUTES].map(({ method, path }) => `${method} ${path}`));
    expect(served).toEqual(expect.arrayContaining(['get /v1/tools', 'post /v1/actions/{tool}', 'post /mcp', 'get /openapi.json']));
    expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(served.sort());
  });

  it('gives every operation a unique operationId, described responses and a declared security scheme', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of operations) {
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      for (const response of Object.values(operation.responses)) expect(deref<{ description?: string }>(response).description).toEqual(expect.any(String));
      for (const requirement of [...(operation.security ?? []), ...document.security]) {
        for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes[scheme]).toBeDefined();
      }
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('declares every path parameter of a template, and no others', () => {
    for (const { path, operation } of operations) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? []).map((p) => deref<{ in: string; name: string; required?: boolean }>(p)).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort()).toEqual(templated);
      for (const parameter of declared) expect(parameter.required).toBe(true);
    }
  });

  it('keeps /openapi.json and the protected-resource metadata public and every other route behind the API key', () => {
    const publicRoutes = operations.filter(({ operation }) => operation.security?.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(publicRoutes.sort()).toEqual(['get /.well-known/oauth-protected-resource', 'get /.well-known/oauth-protected-resource/mcp', 'get /openapi.json']);
    expect(document.security).toEqual([{ apiKey: [] }]);
  });

  it('compiles every component schema as JSON Schema 2020-12', () => {
    for (const name of Object.keys(document.components.schemas)) expect(() => validator('components', 'schemas', name)).not.toThrow();
  });

  it("answers each status of POST /v1/actions/{tool} with exactly the contract's codes for that status", () => {
    const responses = document.paths['/v1/actions/{tool}'].post.responses as Record<string, JsonObject>;
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      const valid = validator('paths', '/v1/actions/{tool}', 'post', 'responses', String(status), 'content', 'application/json', 'schema');
      expect(valid(errorBody(code as ErrorCode, 'x', 'req-1'))).toBe(true);
      const other = Object.entries(ERROR_CODES).find(([, c]) => c.status !== status)![0] as ErrorCode;
      expect(valid(errorBody(other, 'x', 'req-1'))).toBe(false);
      expect(responses[String(status)].headers).toHaveProperty('X-Request-Id');
    }
    expect(responses['200'].headers).toHaveProperty('Idempotent-Replayed');
  });

  it('describes the bodies the routes really send and accept', () => {
    const errorBodyValid = validator('components', 'schemas', 'ErrorBody');
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect(
        errorBodyValid(
          errorBody(code, 'message', 'req-1', { retryAfterMs: 1000, upstreamStatus: 404, field: 'input.channel', explain: { deniedBy: 'key_scopes' } }),
        ),
      ).toBe(true);
    }
    const toolValid = validator('components', 'schemas', 'ToolDescriptor');
    for (const { action } of catalog.listActions()) expect(toolValid(toToolDescriptor(action))).toBe(true);
    const requestValid = validator('components', 'schemas', 'ActionRequest');
    expect(requestValid({ input: { channel: 'C0GENERAL01', text: 'hi' }, onBehalfOf: 'ada@example.com', cursor: 'abc' })).toBe(true);
    expect(requestValid({ input: {}, surprise: true })).toBe(false);
    const successValid = validator('components', 'schemas', 'ActionSuccess');
    expect(successValid({ data: { ok: true }, meta: { requestId: 'req-1', attempts: 1, nextCursor: 'c' } })).toBe(true);
    expect(successValid({ data: { ok: true } })).toBe(false);
  });

  it('documents Idempotency-Key and X-Workflow-Run-Id with the rule the routes enforce', () => {
    const pattern = new RegExp(HEADER_VALUE_PATTERN);
    const accepted = (value: string) => {
      try {
        optionalHeader(value, 'X-Workflow-Run-Id');
        return true;
      } catch (error) {
        if (error instanceof AppError) return false;
        throw error;
      }
    };
    for (const sample of ['run-42', 'a.b:c_d', 'x'.repeat(200), 'x'.repeat(201), 'with space', 'ünïcode', 'semi;colon']) {
      expect([sample, pattern.test(sample)]).toEqual([sample, accepted(sample)]);
    }
    const headers = (document.paths['/v1/actions/{tool}'].post.parameters as JsonObject[])
      .map((p) => deref<{ in: string; name: string }>(p))
      .filter((p) => p.in === 'header');
    expect(headers.map((h) => h.name).sort()).toEqual(['Approval-Id', 'Idempotency-Key', 'X-Workflow-Run-Id']);
  });
});

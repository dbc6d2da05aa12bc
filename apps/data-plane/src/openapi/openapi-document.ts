import { z } from 'zod';
import { actionDefinitionSchema } from '@causeway/connectors';
import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import { CORRELATION_HEADER } from '@causeway/observability';
import { NEXT_STEP } from '../mcp/next-steps';
import { documentedRoutes, type DocumentedResponse, type DocumentedRoute, type ParameterName, type ResponseHeaderName } from './routes';
import { componentSchemas, propertyDescriptions, type ComponentName } from './schemas';
import { LIST_LIMIT, MAX_TEXT, SEARCH_LIMIT } from '../tools/tool-query';

export type JsonObject = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, JsonObject>>;
  components: {
    schemas: Record<string, JsonObject>;
    parameters: Record<string, JsonObject>;
    headers: Record<string, JsonObject>;
    securitySchemes: Record<string, JsonObject>;
  };
}

/** The character rule of the optional headers agents send (`optionalHeader` in the actions route). */
export const HEADER_VALUE_PATTERN = '^[A-Za-z0-9._:-]{1,200}$';

const SECURITY_SCHEME = 'apiKey';
const ref = (section: 'schemas' | 'parameters' | 'headers', name: string) => ({ $ref: `#/components/${section}/${name}` });
const headerName = (lowercase: string) => lowercase.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
const REQUEST_ID_HEADER = headerName(CORRELATION_HEADER);

function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  return rest;
}

/**
 * All component schemas in one conversion, so a schema used inside another (ErrorCode inside
 * ErrorBody) becomes a `$ref` rather than a copy. `io: 'input'` leaves response objects open
 * to new fields, while the strict request body keeps refusing unknown ones.
 */
function schemaComponents(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(componentSchemas)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonObject> };
  const components: Record<string, JsonObject> = {};
  for (const id of Object.keys(componentSchemas)) {
    const { $schema: _dialect, $id: _id, ...schema } = schemas[id];
    components[id] = describeProperties(id as ComponentName, schema);
  }
  return components;
}

function describeProperties(id: ComponentName, schema: JsonObject): JsonObject {
  const descriptions = propertyDescriptions[id];
  if (!descriptions) return schema;
  const properties = { ...(schema.properties as Record<string, JsonObject>) };
  for (const [property, description] of Object.entries(descriptions)) {
    if (!properties[property]) throw new Error(`OpenAPI: ${id} has no property ${property} to describe`);
    properties[property] = { ...properties[property], description };
  }
  return { ...schema, properties };
}

const parameters: Record<ParameterName, JsonObject> = {
  ToolsInclude: {
    name: 'include',
    in: 'query',
    required: false,
    description:
      '`usable` (default): only tools of providers the tenant has an active connection to that this key may use. `all`: the whole catalog this key may call.',
    schema: { type: 'string', enum: ['usable', 'all'], default: 'usable' },
  },
  ToolsProvider: {
    name: 'provider',
    in: 'query',
    required: false,
    description: 'Only tools of these providers: comma-separated provider ids. An id with no tools is refused with `invalid_input`, naming the known ones.',
    schema: { type: 'string', maxLength: 2000 },
    example: 'zendesk,jira',
  },
  ToolsSideEffect: {
    name: 'sideEffect',
    in: 'query',
    required: false,
    description: 'Only tools with these side effects: comma-separated `read`, `write`, `destructive`.',
    schema: { type: 'string', maxLength: 2000 },
    example: 'read',
  },
  ToolsText: {
    name: 'q',
    in: 'query',
    required: false,
    description:
      "Only tools whose name, title, description, usage or provider contains every word (or a word's beginning). To rank tools for a task, use `GET /v1/tools/search`.",
    schema: { type: 'string', minLength: 1, maxLength: MAX_TEXT },
  },
  ToolsLimit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Tools per page.',
    schema: { type: 'integer', minimum: 1, maximum: LIST_LIMIT.max, default: LIST_LIMIT.default },
  },
  ToolsCursor: {
    name: 'cursor',
    in: 'query',
    required: false,
    description:
      "The previous page's `nextCursor`, sent with the same filters. A cursor from other filters or an earlier tool list is refused with `invalid_input`: start again without one.",
    schema: { type: 'string', maxLength: 200 },
  },
  SearchText: {
    name: 'q',
    in: 'query',
    required: true,
    description: 'The task in plain words.',
    schema: { type: 'string', minLength: 1, maxLength: MAX_TEXT },
    example: 'close a support ticket',
  },
  SearchLimit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'How many tools at most.',
    schema: { type: 'integer', minimum: 1, maximum: SEARCH_LIMIT.max, default: SEARCH_LIMIT.default },
  },
  Tool: {
    name: 'tool',
    in: 'path',
    required: true,
    description: 'The tool name from `GET /v1/tools`.',
    schema: jsonSchemaOf(actionDefinitionSchema.shape.id),
    example: 'slack.post_message',
  },
  Explain: {
    name: 'explain',
    in: 'query',
    required: false,
    description: 'When a call is refused with `forbidden`, say which permission layer refused it (`error.explain.deniedBy`).',
    schema: { type: 'boolean' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'For tools whose `sideEffect` is `write` or `destructive`: a fresh value per intended action. Repeating the call with the same key and body returns the first result (`Idempotent-Replayed: true`) instead of acting twice; the same key with another body is refused with `idempotency_key_reused`, while the first call runs with `idempotency_in_flight`, and after the first call was cut off without a recorded result (it may have reached the provider) with `idempotency_outcome_unknown`: check the provider, then use a new key. Ignored for reads.',
    schema: { type: 'string', pattern: HEADER_VALUE_PATTERN },
    example: 'post-7f3a9c',
  },
  ConnectionId: {
    name: 'connectionId',
    in: 'path',
    required: true,
    description: 'A connection of your tenant (its id from the console).',
    schema: { type: 'string', format: 'uuid' },
  },
  ProxyPath: {
    name: 'path',
    in: 'path',
    required: true,
    description: "The provider's API path below its base URL, e.g. `users/me` (may contain slashes; no dot segments).",
    schema: { type: 'string' },
  },
  ApprovalIdHeader: {
    name: 'Approval-Id',
    in: 'header',
    required: false,
    description:
      'Executes an approved approval: the id a `202` answered with, sent with exactly the same call (tool, input, connection, onBehalfOf, key). It runs once; repeating it returns the stored result with `Idempotent-Replayed: true`. A different call is refused with `approval_mismatch`; an undecided, rejected or expired approval with `approval_pending`, `approval_rejected`, `approval_expired`.',
    schema: { type: 'string', format: 'uuid' },
  },
  ApprovalId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The approval id from the `202` answer.',
    schema: { type: 'string', format: 'uuid' },
  },
  WaitMs: {
    name: 'waitMs',
    in: 'query',
    required: false,
    description: 'Long poll: wait up to this many milliseconds (at most 30000) for a pending approval to be decided.',
    schema: { type: 'integer', minimum: 0, maximum: 30000 },
  },
  SubscriptionId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The subscription id from `POST /v1/subscriptions`.',
    schema: { type: 'string', format: 'uuid' },
  },
  WorkflowRunId: {
    name: 'X-Workflow-Run-Id',
    in: 'header',
    required: false,
    description: "Your workflow run's id, recorded on the call's audit event so all calls of one run can be found together.",
    schema: { type: 'string', pattern: HEADER_VALUE_PATTERN },
    example: 'run-42',
  },
};

/** Response headers by component name, with the header name they document. */
const headerNames: Record<ResponseHeaderName | 'RequestId', string> = { RequestId: REQUEST_ID_HEADER, IdempotentReplayed: 'Idempotent-Replayed' };

const headers: Record<ResponseHeaderName | 'RequestId', JsonObject> = {
  RequestId: {
    description: `The request's id: the \`requestId\` of the body and of its audit event. An \`${REQUEST_ID_HEADER}\` sent with the request (1–128 of letters, digits and . _ : -) is kept.`,
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    description: 'Present when this is the stored response of an earlier call with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
};

function codesByStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  return byStatus;
}

/** The contract's error body, narrowed to the codes this status carries. */
function errorSchema(codes: ErrorCode[]): JsonObject {
  return {
    allOf: [ref('schemas', 'ErrorBody'), { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: codes } } } } }],
  };
}

function responseFor(codes: ErrorCode[] | undefined, documented: DocumentedResponse | undefined): JsonObject {
  const descriptions = [
    ...(documented ? [documented.description] : []),
    ...(codes ?? []).map((code) => `\`${code}\`${ERROR_CODES[code].retryable ? ' (retryable)' : ''}: ${NEXT_STEP[code]}`),
  ];
  const schemas = [...(codes ? [errorSchema(codes)] : []), ...(documented?.schema ? [ref('schemas', documented.schema)] : [])];
  return {
    description: descriptions.join('\n\n'),
    headers: Object.fromEntries((['RequestId', ...(documented?.headers ?? [])] as const).map((name) => [headerNames[name], ref('headers', name)])),
    ...(schemas.length > 0 ? { content: { 'application/json': { schema: schemas.length === 1 ? schemas[0] : { oneOf: schemas } } } } : {}),
  };
}

function operationFor(route: DocumentedRoute): JsonObject {
  const errors = codesByStatus(route.errors);
  const statuses = [...new Set([...Object.keys(route.responses).map(Number), ...errors.keys()])].sort((a, b) => a - b);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.description,
    ...(route.public ? { security: [] } : {}),
    ...(route.parameters ? { parameters: route.parameters.map((name) => ref('parameters', name)) } : {}),
    ...(route.requestBody
      ? {
          requestBody: {
            required: true,
            description: route.requestBody.description,
            content: { 'application/json': { schema: ref('schemas', route.requestBody.schema) } },
          },
        }
      : {}),
    responses: Object.fromEntries(statuses.map((status) => [String(status), responseFor(errors.get(status), route.responses[status])])),
  };
}

/** The OpenAPI 3.1 document of the data plane's HTTP surface, built from its routes and contracts. */
export function buildOpenApiDocument(routes: DocumentedRoute[] = documentedRoutes): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operationFor(route) };
  return {
    openapi: '3.1.1',
    info: {
      title: 'Causeway data plane',
      version: '1.0.0',
      description: [
        'Agents call SaaS tools through one API key: list the tools this key may call, call one, or speak MCP.',
        'Authenticate with `Authorization: Bearer cw_…`. Every error has one body, `{ "error": { "code", "message", "retryable", … } }`, and an agent can decide its next step from `code` alone (see `ErrorCode`).',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Tools', description: 'List and call tools over REST.' },
      { name: 'Approvals', description: 'Calls the tenant holds for a human decision (docs/approvals.md).' },
      { name: 'MCP', description: 'The same tools over the Model Context Protocol.' },
      { name: 'Document', description: 'This description of the API.' },
      { name: 'Events', description: 'Provider events delivered to your URL as signed webhooks (docs/events.md).' },
    ],
    security: [{ [SECURITY_SCHEME]: [] }],
    paths,
    components: {
      schemas: schemaComponents(),
      parameters,
      headers,
      securitySchemes: {
        [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'cw_…', description: 'A Causeway API key, created in the console.' },
      },
    },
  };
}

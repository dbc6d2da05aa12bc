import type { ActionDefinition, JsonSchema, SideEffect } from '../definition/action';
import type { ValueTemplate } from '../definition/value-template';
import { clip, exampleFor, mergeAllOf, toJsonSchema, typeOf } from './json-schema';
import type { OperationOverlay } from './overlay';
import { record, type SpecOperation } from './normalize-spec';

/** Headers the engine sets itself: a spec declaring them as parameters must not expose them. */
const ENGINE_HEADERS = new Set(['authorization', 'content-type', 'accept', 'content-length', 'user-agent']);

export interface ActionContext {
  providerId: string;
  apiTitle: string;
  version: string;
  docsUrl: string;
  sourceFile: string;
  /** Lower-case header and query names the provider sends itself (auth, default headers). */
  supplied: ReadonlySet<string>;
}

/** The key an overlay uses for an operation: its operationId, else `METHOD /path`. */
export function operationKey(operation: SpecOperation): string {
  return operation.operationId ?? `${operation.method} ${operation.path}`;
}

/** The verb_noun part of a tool id, from the operationId or the method and path. */
export function deriveName(operation: SpecOperation): string {
  const source = operation.operationId ?? `${operation.method} ${operation.path.replace(/\{[^}]*\}/g, 'by id')}`;
  const snake = source
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  const name = /^[a-z]/.test(snake) ? snake : `op_${snake}`;
  return clip(name, 80).replace(/…$/, '').replace(/_+$/, '') || 'operation';
}

export function defaultSideEffect(method: SpecOperation['method']): SideEffect {
  if (method === 'GET') return 'read';
  return method === 'DELETE' ? 'destructive' : 'write';
}

/** One operation as an action of the catalog format. */
export function buildAction(operation: SpecOperation, overlay: OperationOverlay, name: string, context: ActionContext): ActionDefinition {
  const inputs = new InputBuilder(overlay.inputs ? new Set(overlay.inputs) : undefined);
  const pagination = overlay.pagination;
  // The engine sends the page parameter itself from the opaque cursor; exposing it as well would map it twice.
  const pageParam =
    pagination && 'request' in pagination ? ('offsetParam' in pagination.request ? pagination.request.offsetParam : pagination.request.name) : undefined;
  let path = operation.path;
  const query: Record<string, ValueTemplate> = {};
  const headers: Record<string, ValueTemplate> = {};
  for (const parameter of operation.parameters) {
    if (parameter.name === pageParam && parameter.in !== 'path') continue;
    if (parameter.in === 'header' && ENGINE_HEADERS.has(parameter.name.toLowerCase())) continue;
    if (parameter.in !== 'path' && context.supplied.has(parameter.name.toLowerCase())) continue;
    const property = inputs.add(
      parameter.name,
      parameter.schema,
      parameter.description,
      parameter.required || parameter.in === 'path',
      parameter.in === 'path',
    );
    if (!property) continue;
    if (parameter.in === 'path') path = path.split(`{${parameter.name}}`).join(`{${property}}`);
    else (parameter.in === 'query' ? query : headers)[parameter.name] = { $input: property };
  }
  // A path placeholder the spec forgot to declare still needs an input, or the call cannot be built.
  for (const match of [...path.matchAll(/\{([^}+]+)\}/g)]) {
    const placeholder = match[1] as string;
    if (inputs.has(placeholder)) continue;
    const property = inputs.add(placeholder, { type: 'string' }, `The ${placeholder} path segment.`, true, true) as string;
    path = path.split(`{${placeholder}}`).join(`{${property}}`);
  }
  let body: ActionDefinition['http']['body'];
  // A body on a GET or DELETE (some specs declare one) is dropped: HTTP gives it no meaning.
  if (operation.body && operation.method !== 'GET' && operation.method !== 'DELETE')
    body = { encoding: operation.body.encoding, value: bodyTemplate(operation.body, inputs) };
  if (pagination) inputs.addCursor(pagination.cursorInput);

  const { outputSchema, wrapArrayAs } = outputFor(operation.responseSchema);
  const sideEffect = overlay.sideEffect ?? defaultSideEffect(operation.method);
  const summary = operation.summary?.trim() || operation.description?.split('\n')[0]?.trim();
  const description =
    overlay.description ??
    atLeast(clip(plain(operation.description?.trim() || summary || ''), 1000), `${operation.method} ${operation.path} of the ${context.apiTitle} API.`);
  return {
    id: `${context.providerId}.${name}`,
    version: context.version,
    title: overlay.title ?? atLeast(clip(plain(summary ?? ''), 120), `${operation.method} ${operation.path}`, 3),
    description,
    usage:
      overlay.usage ??
      `Imported from the ${context.apiTitle} OpenAPI description (${operation.method} ${operation.path}); the spec's own words, not yet curated.`,
    errorGuide: overlay.errorGuide ?? defaultErrorGuide(sideEffect),
    sideEffect,
    hints: {
      readOnly: sideEffect === 'read',
      destructive: sideEffect === 'destructive',
      idempotent: overlay.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(operation.method),
      openWorld: overlay.openWorld ?? false,
    },
    scopes: overlay.scopes ?? operation.scopes,
    inputSchema: inputs.schema(),
    outputSchema,
    http: {
      method: operation.method,
      path: path.startsWith('/') ? path : `/${path}`,
      ...(Object.keys(query).length > 0 ? { query } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(body ? { body } : {}),
      ...(wrapArrayAs ? { response: { wrapArrayAs } } : {}),
    },
    ...(pagination ? { pagination } : {}),
    provenance: {
      docsUrl: overlay.docsUrl ?? (isHttps(operation.externalDocsUrl) ? operation.externalDocsUrl : context.docsUrl),
      ...(operation.operationId ? { operationId: operation.operationId } : {}),
    },
    sourceFile: context.sourceFile,
  };
}

/** A JSON object body is offered as one input per top-level property; anything else as `body`. */
function bodyTemplate(body: NonNullable<SpecOperation['body']>, inputs: InputBuilder): ValueTemplate {
  const merged = mergeAllOf(body.schema);
  const properties = record(merged['properties']);
  const required = new Set(Array.isArray(merged['required']) ? (merged['required'] as string[]) : []);
  if (Object.keys(properties).length > 0 && Object.keys(properties).length <= 60) {
    const value: Record<string, ValueTemplate> = {};
    for (const [name, schema] of Object.entries(properties)) {
      // `$`-keys cannot be written in a request template (they are reserved for `$input`).
      if (record(schema)['readOnly'] === true || name.startsWith('$')) continue;
      const property = inputs.add(name, schema, undefined, body.required && required.has(name), false);
      if (property) value[name] = { $input: property };
    }
    return value;
  }
  const property = inputs.add('body', body.schema, 'The request body.', body.required, false);
  return property ? { $input: property } : {};
}

function outputFor(responseSchema: Record<string, unknown> | undefined): { outputSchema: JsonSchema; wrapArrayAs?: string } {
  // Only the top level of the answer is checked: vendor specs often describe answers loosely or
  // wrongly, and the engine refuses an answer its output schema rejects.
  if (!responseSchema) return { outputSchema: { type: 'object' } };
  const converted = toJsonSchema(responseSchema);
  const description = typeof converted['description'] === 'string' ? { description: converted['description'] } : {};
  if (typeOf(converted) === 'array')
    return { outputSchema: { type: 'object', ...description, properties: { items: { type: 'array' } } }, wrapArrayAs: 'items' };
  // Array-valued fields keep their type: a list's items are found by it (and the simulator pages them).
  const properties = Object.entries(record(converted['properties'])).map(
    ([name, schema]) => [name, record(schema)['type'] === 'array' ? { type: 'array' } : {}] as const,
  );
  return { outputSchema: { type: 'object', ...description, ...(properties.length > 0 ? { properties: Object.fromEntries(properties) } : {}) } };
}

function defaultErrorGuide(sideEffect: SideEffect): ActionDefinition['errorGuide'] {
  return {
    upstream_invalid_request: 'The API refused the arguments; read the message, fix the named field and call again.',
    upstream_not_found: 'Something the call names does not exist (or is not visible to this connection); check the ids.',
    ...(sideEffect === 'read' ? {} : { upstream_conflict: 'The object changed or already exists; read it again before retrying.' }),
  };
}

/** Collects input properties under names the action format accepts, each with a description and an example. */
class InputBuilder {
  private readonly properties: Record<string, JsonSchema> = {};
  private readonly required: string[] = [];
  private readonly specNames = new Set<string>();

  constructor(private readonly expose?: Set<string>) {}

  has(specName: string): boolean {
    return this.specNames.has(specName);
  }

  /** Returns the property name, or undefined when the overlay hides this input. */
  add(specName: string, rawSchema: unknown, description: string | undefined, required: boolean, alwaysExpose: boolean): string | undefined {
    // A curated list hides even a required input: the overlay author supplies it another way.
    if (this.expose && !this.expose.has(specName) && !alwaysExpose) return undefined;
    const name = this.uniqueName(specName);
    this.specNames.add(specName);
    const source = record(rawSchema);
    const schema = toJsonSchema(source);
    const text = plain(description?.trim() || (schema['description'] as string | undefined) || '');
    schema['description'] = atLeast(clip(text, 500), `The ${specName} input.`, 5);
    schema['examples'] = [exampleFor(schema, source['example'] ?? source['default'])];
    if (!exampleFits(schema)) delete schema['pattern'];
    this.properties[name] = schema;
    if (required) this.required.push(name);
    return name;
  }

  addCursor(name: string): void {
    this.properties[name] = { type: 'string', description: 'The nextCursor of the previous page; omit for the first page.', examples: ['eyJwIjoxfQ'] };
  }

  schema(): JsonSchema {
    return { type: 'object', additionalProperties: false, ...(this.required.length > 0 ? { required: this.required } : {}), properties: this.properties };
  }

  private uniqueName(specName: string): string {
    let base = specName.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'value';
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let name = base;
    for (let suffix = 2; name in this.properties; suffix++) name = `${base}_${suffix}`;
    return name;
  }
}

/** The generated example must meet the pattern; when a guess cannot, the pattern is dropped. */
function exampleFits(schema: JsonSchema): boolean {
  const pattern = schema['pattern'];
  const example = (schema['examples'] as unknown[])[0];
  return typeof pattern !== 'string' || (typeof example === 'string' && new RegExp(pattern, 'u').test(example));
}

function plain(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function atLeast(text: string, fallback: string, min = 20): string {
  if (text.length >= min) return text;
  const combined = text ? `${text} (${fallback})` : fallback;
  return combined.length >= min ? combined : `${combined} — imported operation`;
}

export function isHttps(url: string | undefined): url is string {
  if (!url) return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

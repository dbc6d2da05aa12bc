import { RefResolver } from './ref-resolver';

/** One HTTP operation of a spec, whatever its OpenAPI version, with references inlined. */
export interface SpecOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: SpecParameter[];
  body?: { encoding: 'json' | 'form'; schema: Record<string, unknown>; required: boolean };
  /** The schema of the first 2xx answer with a JSON body. */
  responseSchema?: Record<string, unknown>;
  /** Scopes named by the operation's security requirement. */
  scopes: string[];
  externalDocsUrl?: string;
}

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
}

export interface NormalizedSpec {
  title: string;
  description?: string;
  /** Absolute server URLs, variables filled with their defaults. */
  servers: string[];
  securitySchemes: Record<string, Record<string, unknown>>;
  operations: SpecOperation[];
  /** Operations left out, e.g. `HEAD /x` (the action format has no HEAD). */
  skipped: string[];
  externalDocsUrl?: string;
  origin?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const OTHER_METHODS = ['head', 'options', 'trace'];

/** Reads OpenAPI 2.0, 3.0 and 3.1 into one model. */
export function normalizeSpec(document: Record<string, unknown>, version: '2.0' | '3.0' | '3.1'): NormalizedSpec {
  const refs = new RefResolver(document);
  const info = record(document['info']);
  const paths = record(document['paths']);
  const operations: SpecOperation[] = [];
  const skipped: string[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = record(refs.shallow(rawItem));
    const shared = list(item['parameters']);
    for (const method of OTHER_METHODS) if (item[method]) skipped.push(`${method.toUpperCase()} ${path}`);
    for (const method of METHODS) {
      const operation = record(refs.shallow(item[method]));
      if (!item[method]) continue;
      operations.push(readOperation(refs, version, document, method, path, operation, shared));
    }
  }
  const origin = list(info['x-origin'])
    .map((entry) => record(entry)['url'])
    .find((url) => typeof url === 'string') as string | undefined;
  return {
    title: typeof info['title'] === 'string' && info['title'].trim() ? info['title'].trim() : 'Imported API',
    description: typeof info['description'] === 'string' ? info['description'] : undefined,
    servers: readServers(document, version, origin),
    securitySchemes: readSecuritySchemes(refs, document, version),
    operations,
    skipped,
    externalDocsUrl: stringAt(record(document['externalDocs']), 'url'),
    origin,
  };
}

function readOperation(
  refs: RefResolver,
  version: '2.0' | '3.0' | '3.1',
  document: Record<string, unknown>,
  method: (typeof METHODS)[number],
  path: string,
  operation: Record<string, unknown>,
  shared: unknown[],
): SpecOperation {
  // Path-level parameters apply unless the operation redeclares the same name and location.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const raw of [...shared, ...list(operation['parameters'])]) {
    const parameter = record(refs.shallow(raw));
    if (typeof parameter['name'] !== 'string' || typeof parameter['in'] !== 'string') continue;
    byKey.set(`${parameter['in']}:${parameter['name']}`, parameter);
  }
  const parameters: SpecParameter[] = [];
  let body: SpecOperation['body'];
  const formFields: Record<string, unknown> = {};
  const formRequired: string[] = [];
  for (const parameter of byKey.values()) {
    const location = parameter['in'];
    const name = parameter['name'] as string;
    const schema = version === '2.0' ? swagger2ParameterSchema(refs, parameter) : record(refs.deep(parameter['schema'] ?? contentSchema(parameter)));
    if (location === 'body') {
      body = { encoding: 'json', schema: record(refs.deep(parameter['schema'])), required: parameter['required'] === true };
    } else if (location === 'formData') {
      formFields[name] = { ...schema, description: parameter['description'] };
      if (parameter['required'] === true) formRequired.push(name);
    } else if (location === 'path' || location === 'query' || location === 'header') {
      parameters.push({
        name,
        in: location,
        required: location === 'path' || parameter['required'] === true,
        description: stringAt(parameter, 'description'),
        schema,
      });
    }
  }
  if (Object.keys(formFields).length > 0 && !body)
    body = { encoding: 'form', schema: { type: 'object', properties: formFields, required: formRequired }, required: formRequired.length > 0 };
  if (version !== '2.0') body = readRequestBody(refs, operation['requestBody']) ?? body;
  const security = list(operation['security'] ?? document['security']);
  const scopes = [
    ...new Set(
      security.flatMap((requirement) =>
        Object.values(record(requirement)).flatMap((value) => list(value).filter((scope): scope is string => typeof scope === 'string')),
      ),
    ),
  ];
  return {
    method: method.toUpperCase() as SpecOperation['method'],
    path,
    operationId: stringAt(operation, 'operationId'),
    summary: stringAt(operation, 'summary'),
    description: stringAt(operation, 'description'),
    tags: list(operation['tags']).filter((tag): tag is string => typeof tag === 'string'),
    deprecated: operation['deprecated'] === true,
    parameters,
    body,
    responseSchema: readResponseSchema(refs, version, record(operation['responses'])),
    scopes,
    externalDocsUrl: stringAt(record(operation['externalDocs']), 'url'),
  };
}

/** Swagger 2.0 puts type, format, items and enum on the parameter itself. */
function swagger2ParameterSchema(refs: RefResolver, parameter: Record<string, unknown>): Record<string, unknown> {
  const schema: Record<string, unknown> = {};
  for (const key of ['type', 'format', 'items', 'enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern']) {
    if (parameter[key] !== undefined) schema[key] = refs.deep(parameter[key]);
  }
  if (schema['type'] === 'file') schema['type'] = 'string';
  return schema;
}

function contentSchema(parameter: Record<string, unknown>): unknown {
  const content = record(parameter['content']);
  const first = Object.values(content)[0];
  return record(first)['schema'] ?? {};
}

function readRequestBody(refs: RefResolver, raw: unknown): SpecOperation['body'] | undefined {
  const requestBody = record(refs.shallow(raw));
  const content = record(requestBody['content']);
  const required = requestBody['required'] === true;
  const json = Object.keys(content).find((type) => /json/i.test(type));
  if (json) return { encoding: 'json', schema: record(refs.deep(record(content[json])['schema'])), required };
  const form = Object.keys(content).find((type) => /x-www-form-urlencoded/i.test(type));
  if (form) return { encoding: 'form', schema: record(refs.deep(record(content[form])['schema'])), required };
  return undefined;
}

function readResponseSchema(refs: RefResolver, version: string, responses: Record<string, unknown>): Record<string, unknown> | undefined {
  const success = Object.keys(responses)
    .filter((status) => /^2/.test(status))
    .sort();
  for (const status of success) {
    const response = record(refs.shallow(responses[status]));
    if (version === '2.0') {
      if (response['schema']) return record(refs.deep(response['schema']));
      continue;
    }
    const content = record(response['content']);
    const json = Object.keys(content).find((type) => /json/i.test(type));
    if (json) return record(refs.deep(record(content[json])['schema']));
  }
  return undefined;
}

function readServers(document: Record<string, unknown>, version: string, origin: string | undefined): string[] {
  if (version === '2.0') {
    const host = stringAt(document, 'host');
    if (!host) return origin ? [new URL(origin).origin + (stringAt(document, 'basePath') ?? '')] : [];
    const schemes = list(document['schemes']).filter((scheme): scheme is string => typeof scheme === 'string');
    const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
    return [`${scheme}://${host}${stringAt(document, 'basePath') ?? ''}`.replace(/\/$/, '')];
  }
  return list(document['servers']).flatMap((raw) => {
    const server = record(raw);
    let url = stringAt(server, 'url');
    if (!url) return [];
    // `servers[].variables` are filled with their defaults; the overlay may template them instead.
    for (const [name, variable] of Object.entries(record(server['variables']))) {
      const fallback = record(variable)['default'];
      url = url.split(`{${name}}`).join(String(fallback ?? ''));
    }
    if (!/^https?:\/\//.test(url)) {
      if (!origin || !/^https?:/.test(origin)) return [];
      try {
        url = new URL(url, origin).toString();
      } catch {
        return [];
      }
    }
    return [url.replace(/\/$/, '')];
  });
}

function readSecuritySchemes(refs: RefResolver, document: Record<string, unknown>, version: string): Record<string, Record<string, unknown>> {
  const raw = version === '2.0' ? record(document['securityDefinitions']) : record(record(document['components'])['securitySchemes']);
  return Object.fromEntries(Object.entries(raw).map(([name, scheme]) => [name, record(refs.shallow(scheme))]));
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringAt(value: Record<string, unknown>, key: string): string | undefined {
  const found = value[key];
  return typeof found === 'string' && found.length > 0 ? found : undefined;
}

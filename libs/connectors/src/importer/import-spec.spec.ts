import { importSpec } from './import-spec';

const OVERLAY_PROVIDER = {
  id: 'petstore',
  name: 'Petstore',
  description: 'A pet store used to specify the importer.',
  docsUrl: 'https://petstore.example.com/docs',
  authModes: [{ id: 'key', type: 'api_key', label: 'API key', docsUrl: 'https://petstore.example.com/docs/auth', inject: { in: 'header', name: 'X-Api-Key' } }],
  rateLimitSignals: { retryAfterHeader: 'retry-after', partitioning: 'Per key per minute.', source: 'https://petstore.example.com/docs/limits' },
  declaredLimits: [{ per: 'connection', requests: 60, windowSeconds: 60, source: 'https://petstore.example.com/docs/limits' }],
  pagination: { style: 'cursor', notes: '`cursor` in, `next` out.', source: 'https://petstore.example.com/docs/paging' },
  errors: { source: 'https://petstore.example.com/docs/errors', envelope: { codePaths: ['code'], messagePaths: ['message'], fieldPaths: [] }, rules: [] },
};

const PET = {
  type: 'object',
  required: ['name'],
  properties: {
    id: { type: 'integer', readOnly: true },
    name: { type: 'string', description: "The pet's name." },
    owner: { $ref: '#/components/schemas/Owner' },
  },
};

function openapi3(version: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    openapi: version,
    info: { title: 'Petstore', version: '1' },
    servers: [{ url: 'https://{region}.petstore.example.com/v{major}', variables: { region: { default: 'eu' }, major: { default: '2' } } }],
    paths: {
      '/pets': {
        get: {
          operationId: 'listPets',
          summary: 'List all pets',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } }, { $ref: '#/components/parameters/Cursor' }],
          responses: {
            200: {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Pet' } }, next: { type: 'string' } } },
                },
              },
            },
          },
        },
        post: {
          operationId: 'createPet',
          summary: 'Create a pet',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { tag: { type: 'string', nullable: true } } }] },
              },
            },
          },
          responses: { 201: { description: 'created' } },
        },
      },
      '/pets/{petId}': {
        parameters: [{ name: 'petId', in: 'path', required: true, description: 'The pet to act on.', schema: { type: 'string' } }],
        get: {
          operationId: 'showPetById',
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
        },
        delete: { operationId: 'deletePet', responses: { 204: { description: 'gone' } } },
        head: { responses: { 200: { description: 'exists' } } },
      },
    },
    components: {
      parameters: { Cursor: { name: 'cursor', in: 'query', schema: { type: 'string' } } },
      schemas: {
        Pet: PET,
        Owner: { type: 'object', properties: { name: { type: 'string' }, pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
      },
    },
    ...extra,
  });
}

const SWAGGER_2 = JSON.stringify({
  swagger: '2.0',
  info: { title: 'Old Petstore', version: '1' },
  host: 'old.petstore.example.com',
  basePath: '/v1',
  schemes: ['http', 'https'],
  externalDocs: { url: 'https://old.petstore.example.com/docs' },
  securityDefinitions: { basicAuth: { type: 'basic' } },
  paths: {
    '/pets/{petId}': {
      put: {
        operationId: 'updatePet',
        parameters: [
          { name: 'petId', in: 'path', required: true, type: 'string' },
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } },
        ],
        responses: { 200: { description: 'ok', schema: { $ref: '#/definitions/Pet' } } },
      },
    },
    '/pets/{petId}/photo': {
      post: {
        operationId: 'uploadPhoto',
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [
          { name: 'petId', in: 'path', required: true, type: 'integer', minimum: 1 },
          { name: 'caption', in: 'formData', type: 'string', required: true },
        ],
        responses: { 200: { description: 'ok' } },
      },
    },
  },
  definitions: { Pet: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/Pet' } } } } },
});

function imported(text: string, overlay?: unknown) {
  const result = importSpec(text, overlay, { sourceFile: 'petstore.json', fallbackId: 'petstore' });
  if (!result.ok) throw new Error(`${result.cause}: ${result.message}`);
  return result.value;
}

describe('importSpec', () => {
  it.each(['3.0.3', '3.1.0'])('reads OpenAPI %s: servers with variables filled, path-level parameters, $ref and allOf', (version) => {
    const { provider, skipped } = imported(openapi3(version), { provider: OVERLAY_PROVIDER, include: 'all' });
    expect(provider.servers['default']?.url).toBe('https://eu.petstore.example.com/v2');
    expect(provider.hosts).toEqual(['eu.petstore.example.com']);
    const show = provider.actions.find((action) => action.id === 'petstore.show_pet_by_id');
    expect(show?.http.path).toBe('/pets/{petId}');
    expect(show?.inputSchema['required']).toEqual(['petId']);
    const create = provider.actions.find((action) => action.id === 'petstore.create_pet');
    // allOf merged; the read-only id is not an input; nullable became a null type.
    expect(Object.keys(create?.inputSchema['properties'] as object)).toEqual(['name', 'owner', 'tag']);
    expect(create?.inputSchema['required']).toEqual(['name']);
    expect((create?.inputSchema['properties'] as Record<string, Record<string, unknown>>)['tag']?.['type']).toEqual(['string', 'null']);
    expect(skipped).toEqual(['HEAD /pets/{petId}']);
  });

  it('reads Swagger 2.0: host, basePath and https, body and formData parameters', () => {
    const { provider } = imported(SWAGGER_2);
    expect(provider.servers['default']?.url).toBe('https://old.petstore.example.com/v1');
    const update = provider.actions.find((action) => action.id === 'petstore.update_pet');
    expect(update?.http.body).toEqual({ encoding: 'json', value: { name: { $input: 'name' }, children: { $input: 'children' } } });
    expect(update?.sideEffect).toBe('write');
    expect(update?.hints.idempotent).toBe(true);
    const upload = provider.actions.find((action) => action.id === 'petstore.upload_photo');
    expect(upload?.http.body?.encoding).toBe('form');
    expect(provider.authModes[0]).toMatchObject({ type: 'basic' });
  });

  it('ends a recursive schema instead of looping (a pet whose children are pets)', () => {
    const { provider } = imported(SWAGGER_2);
    expect(JSON.stringify(provider).length).toBeLessThan(50_000);
  });

  it('derives names and hints from the spec when the overlay is the default one', () => {
    const { provider } = imported(openapi3('3.0.0', { externalDocs: { url: 'https://petstore.example.com/docs' } }));
    const byId = Object.fromEntries(provider.actions.map((action) => [action.id, action]));
    expect(Object.keys(byId)).toEqual(['petstore.list_pets', 'petstore.create_pet', 'petstore.show_pet_by_id', 'petstore.delete_pet']);
    expect(byId['petstore.list_pets']?.hints).toEqual({ readOnly: true, destructive: false, idempotent: true, openWorld: false });
    expect(byId['petstore.delete_pet']?.sideEffect).toBe('destructive');
    expect(provider.docsUrl).toBe('https://petstore.example.com/docs');
  });

  it('applies the overlay: only listed operations, their names, pagination and exposed inputs', () => {
    const overlay = {
      provider: OVERLAY_PROVIDER,
      operations: {
        listPets: {
          name: 'list_pets',
          description: 'Lists the pets of the store, newest first.',
          pagination: { style: 'cursor', cursorInput: 'page', request: { name: 'cursor', in: 'query' }, nextCursorPath: 'next' },
          inputs: ['limit'],
        },
      },
    };
    const { provider, unmatched } = imported(openapi3('3.0.3'), overlay);
    expect(provider.actions.map((action) => action.id)).toEqual(['petstore.list_pets']);
    const list = provider.actions[0];
    expect(Object.keys(list?.inputSchema['properties'] as object)).toEqual(['limit', 'page']);
    expect(list?.http.query).toEqual({ limit: { $input: 'limit' } });
    expect(unmatched).toEqual([]);
  });

  it('keeps a header the provider sends itself out of the inputs (the API key header)', () => {
    const spec = JSON.parse(openapi3('3.0.3')) as { paths: Record<string, Record<string, { parameters?: unknown[] }>> };
    spec.paths['/pets']!['get']!.parameters!.push({ name: 'X-Api-Key', in: 'header', required: true, schema: { type: 'string' } });
    const { provider } = imported(JSON.stringify(spec), { provider: OVERLAY_PROVIDER, include: 'all' });
    expect(Object.keys(provider.actions[0]?.inputSchema['properties'] as object)).not.toContain('X_Api_Key');
  });

  it('names an overlay key the spec lacks, so a stale curation is seen', () => {
    const { unmatched } = imported(openapi3('3.0.3'), { provider: OVERLAY_PROVIDER, operations: { listPets: {}, removedOperation: {} } });
    expect(unmatched).toEqual(['removedOperation']);
  });

  it.each([
    ['not an OpenAPI document', '{"hello": 1}', undefined, 'not_openapi'],
    ['unparseable text', '{"openapi": ', undefined, 'unparseable'],
    ['an overlay without provenance', openapi3('3.0.3'), { provider: { ...OVERLAY_PROVIDER, docsUrl: 'not a url' } }, 'bad_overlay'],
    ['a spec with no absolute server', openapi3('3.0.3', { servers: [{ url: '/relative' }] }), { provider: OVERLAY_PROVIDER, include: 'all' }, 'no_server'],
  ])('refuses %s with its cause', (_name, text, overlay, cause) => {
    const result = importSpec(text, overlay, { sourceFile: 'x.json' });
    expect(result.ok ? 'ok' : result.cause).toBe(cause);
  });

  it('reads YAML specs', () => {
    const yaml = `openapi: 3.0.0\ninfo: { title: Tiny, version: '1' }\nservers: [{ url: 'https://tiny.example.com' }]\nexternalDocs: { url: 'https://tiny.example.com/docs' }\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: { '200': { description: ok } }\n`;
    expect(imported(yaml).provider.actions.map((action) => action.id)).toEqual(['petstore.ping']);
  });
});

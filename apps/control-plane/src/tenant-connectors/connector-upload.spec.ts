import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ERROR_CODES } from '@causeway/contracts';
import { catalog } from '@causeway/connectors';
import { TENANT_CONNECTOR_LIMITS, TENANT_PROVIDER_PREFIX, validateConnectorUpload, type ConnectorUpload } from './connector-upload';
import { TenantConnectorsError } from './tenant-connectors.errors';

const specs = join(__dirname, '../../../../libs/connectors/src/importer/specs');
const listenNotes = {
  document: readFileSync(join(specs, 'listennotes/spec.json'), 'utf8'),
  overlay: readFileSync(join(specs, 'listennotes/overlay.yaml'), 'utf8'),
};

/** A small OpenAPI 3.0 document with `count` list operations on https://api.example.com. */
function inventorySpec(count = 2, server = 'https://api.example.com/v1'): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/things${i}`] = {
      get: {
        operationId: `listThings${i}`,
        summary: `List things ${i}`,
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    };
  }
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Inventory', version: '1' },
    externalDocs: { url: 'https://docs.example.com/api' },
    servers: [{ url: server }],
    paths,
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
  });
}

/** The parts of an overlay the tests change; the rest is written as a curator would. */
interface OverlayDraft {
  provider: { id: string; docsUrl: string; hosts?: string[]; authModes: unknown[] } & Record<string, unknown>;
  include: string;
  operations?: Record<string, unknown>;
}

/** An overlay with the provider facts of `inventorySpec`, to which a test adds what it checks. */
function inventoryOverlay(change: (overlay: OverlayDraft) => void = () => undefined): string {
  const source = 'https://docs.example.com/api';
  const overlay: OverlayDraft = {
    provider: {
      id: 'inventory',
      name: 'Inventory',
      description: 'The inventory service of the tenant.',
      docsUrl: source,
      authModes: [{ id: 'key', type: 'api_key', label: 'API key', docsUrl: source, inject: { in: 'header', name: 'X-Api-Key' } }],
      rateLimitSignals: { retryAfterHeader: 'retry-after', partitioning: 'One quota per API key.', source },
      declaredLimits: [],
      noPublishedLimit: { statement: 'The inventory service publishes no rate limit.', source },
      pagination: { style: 'none', notes: 'No paging.', source },
      errors: { source, envelope: { codePaths: [], messagePaths: ['message'], fieldPaths: [] }, rules: [] },
    },
    include: 'all',
  };
  change(overlay);
  return stringify(overlay);
}

function refusal(upload: ConnectorUpload): TenantConnectorsError {
  try {
    validateConnectorUpload(upload);
  } catch (error) {
    if (error instanceof TenantConnectorsError) return error;
    throw error;
  }
  throw new Error('expected the upload to be refused');
}

describe('validateConnectorUpload', () => {
  it('turns a committed vendor spec and its overlay into tools under the tenant namespace', () => {
    const validated = validateConnectorUpload({ slug: 'podcasts', ...listenNotes });
    expect(validated.providerId).toBe('t_podcasts');
    expect(validated.definition.id).toBe('t_podcasts');
    expect(validated.definition.actions.map((a) => a.id)).toEqual(
      expect.arrayContaining(['t_podcasts.list_playlists', 't_podcasts.get_podcast', 't_podcasts.delete_podcast']),
    );
    expect(validated.definition.hosts).toEqual(['listen-api.listennotes.com']);
    expect(validated.specSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the provider the tenant namespace whatever id the overlay states', () => {
    const validated = validateConnectorUpload({ slug: 'stock', document: inventorySpec(), overlay: inventoryOverlay((o) => (o.provider.id = 'slack')) });
    expect(validated.definition.id).toBe('t_stock');
    expect(validated.definition.actions.every((a) => a.id.startsWith('t_stock.'))).toBe(true);
  });

  it('keeps the tenant namespace free of built-ins: no built-in provider id starts with it', () => {
    expect(catalog.providers.filter((p) => p.id.startsWith(TENANT_PROVIDER_PREFIX))).toEqual([]);
  });

  it('refuses a document over the size limit with 413, naming the document, before reading it', () => {
    const error = refusal({ slug: 'big', document: 'x'.repeat(TENANT_CONNECTOR_LIMITS.documentBytes + 1) });
    expect(error.code).toBe('payload_too_large');
    expect(ERROR_CODES[error.code].status).toBe(413);
    expect(error.extra.field).toBe('document');
  });

  it('refuses more operations than the tool limit, saying to curate them', () => {
    const error = refusal({ slug: 'many', document: inventorySpec(TENANT_CONNECTOR_LIMITS.tools + 1), overlay: inventoryOverlay() });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`${TENANT_CONNECTOR_LIMITS.tools + 1} operations become tools, over the limit of ${TENANT_CONNECTOR_LIMITS.tools}`);
  });

  it('refuses an overlong tool title, naming the tool', () => {
    const error = refusal({
      slug: 'stock',
      document: inventorySpec(),
      overlay: inventoryOverlay((o) => (o.operations = { listThings0: { title: 'T'.repeat(201) } })),
    });
    expect(error.message).toContain('t_stock.list_things0.title: 201 characters, over the limit of 200');
  });

  it('refuses a slug that is not a lower-case name', () => {
    expect(refusal({ slug: 'Bad Slug', document: inventorySpec() }).extra.field).toBe('slug');
  });

  it('refuses a document that is neither JSON nor YAML OpenAPI', () => {
    const error = refusal({ slug: 'junk', document: 'just some text' });
    expect(error.code).toBe('invalid_input');
    expect(error.extra.field).toBe('document');
  });

  it('refuses an OAuth mode, which would send tokens to endpoints the tenant typed', () => {
    const error = refusal({
      slug: 'stock',
      document: inventorySpec(),
      overlay: inventoryOverlay((o) => {
        o.provider.authModes.push({ ...catalog.provider('github')!.authModes.find((m) => m.type === 'oauth2_authorization_code'), id: 'cc' });
        o.provider.hosts = ['api.example.com', 'github.com', 'api.github.com'];
      }),
    });
    expect(error.message).toBe('authModes.cc: oauth2_authorization_code is not offered for tenant connectors; use api_key, bearer_token or basic');
  });

  it.each([
    ['127.0.0.1', 'declare a host name, not an address'],
    ['localhost', 'needs a dotted public name'],
    ['metadata.internal', 'a name of the local network'],
    ['*.com', 'needs a dotted public name'],
  ])('refuses the declared host %s', (host, problem) => {
    const error = refusal({ slug: 'stock', document: inventorySpec(), overlay: inventoryOverlay((o) => (o.provider.hosts = ['api.example.com', host])) });
    expect(error.message).toBe(`hosts: ${host}: ${problem}`);
  });

  it('refuses a plain-http server', () => {
    const error = refusal({ slug: 'stock', document: inventorySpec(2, 'http://api.example.com/v1'), overlay: inventoryOverlay() });
    expect(error.message).toContain('must be https');
  });

  it('refuses a server whose host the overlay does not declare', () => {
    const error = refusal({ slug: 'stock', document: inventorySpec(), overlay: inventoryOverlay((o) => (o.provider.hosts = ['other.example.com'])) });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/api\.example\.com, which is not among the provider's hosts|api\.example\.com is not among the declared hosts/);
  });
});

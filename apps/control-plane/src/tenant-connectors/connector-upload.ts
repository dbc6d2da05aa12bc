import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { catalog, importSpec, isDeclaredHost, type ProviderDefinition } from '@causeway/connectors';
import { TenantConnectorsError, TenantConnectorsErrorCode as Code } from './tenant-connectors.errors';

/**
 * The bounds of one upload. The document cap keeps the importer's work (and the GraphQL body)
 * small; the definition cap keeps the config event the data plane receives under Kafka's
 * default 1 MB message limit; the tool cap keeps `tools/list` readable.
 */
export const TENANT_CONNECTOR_LIMITS = {
  documentBytes: 2 * 1024 * 1024,
  overlayBytes: 256 * 1024,
  definitionBytes: 900_000,
  tools: 200,
  hosts: 20,
  servers: 10,
  titleChars: 200,
  descriptionChars: 4_000,
  nameChars: 100,
} as const;

/** The provider ids of tenant connectors: a prefix no built-in provider has (checked by the spec). */
export const TENANT_PROVIDER_PREFIX = 't_';

const SLUG = /^[a-z][a-z0-9_]{1,39}$/;

/** Only pasted credentials: an OAuth mode would send tokens to endpoints a tenant typed. */
const ALLOWED_AUTH = new Set(['api_key', 'bearer_token', 'basic']);

export interface ConnectorUpload {
  slug: string;
  /** The OpenAPI 2.0 / 3.0 / 3.1 document, JSON or YAML. */
  document: string;
  /** The curation overlay, JSON or YAML; without one every operation is imported with derived names. */
  overlay?: string | null;
}

export interface ValidatedConnector {
  providerId: string;
  definition: ProviderDefinition;
  specSha256: string;
  specBytes: number;
  /** Operations that became no tool, and overlay keys the document lacks: shown to the admin. */
  warnings: string[];
}

export function tenantProviderId(slug: string): string {
  return `${TENANT_PROVIDER_PREFIX}${slug}`;
}

export function isTenantProviderId(id: string): boolean {
  return id.startsWith(TENANT_PROVIDER_PREFIX);
}

/**
 * An upload -> the provider definition agents will see, or the first thing wrong with it as a
 * `TenantConnectorsError` (a 4xx naming the field). Pure: nothing is written here, so a refused
 * upload leaves nothing behind.
 */
export function validateConnectorUpload(upload: ConnectorUpload): ValidatedConnector {
  if (typeof upload.slug !== 'string' || !SLUG.test(upload.slug)) {
    throw new TenantConnectorsError(Code.InvalidInput, 'slug: 2-40 characters, lower-case letters, digits and _, starting with a letter', 'slug');
  }
  const specBytes = Buffer.byteLength(upload.document, 'utf8');
  if (specBytes > TENANT_CONNECTOR_LIMITS.documentBytes) {
    throw new TenantConnectorsError(
      Code.DocumentTooLarge,
      `document: ${specBytes} bytes, over the limit of ${TENANT_CONNECTOR_LIMITS.documentBytes}`,
      'document',
    );
  }
  if (upload.overlay && Buffer.byteLength(upload.overlay, 'utf8') > TENANT_CONNECTOR_LIMITS.overlayBytes) {
    throw new TenantConnectorsError(Code.DocumentTooLarge, `overlay: over the limit of ${TENANT_CONNECTOR_LIMITS.overlayBytes} bytes`, 'overlay');
  }
  const providerId = tenantProviderId(upload.slug);
  if (catalog.provider(providerId)) throw new TenantConnectorsError(Code.BuiltInCollision, `slug: ${providerId} is a built-in provider`, 'slug');

  const overlay = upload.overlay ? overlayWithId(upload.overlay, providerId) : undefined;
  // Counted before importing: building hundreds of tools only to refuse them would hold the event loop for seconds.
  const planned = plannedToolCount(upload.document, overlay);
  if (planned > TENANT_CONNECTOR_LIMITS.tools) throw tooManyTools(planned);
  const result = importSpec(upload.document, overlay, {
    sourceFile: `tenant-connector:${upload.slug}`,
    fallbackId: providerId,
  });
  if (!result.ok) {
    const field = result.cause === 'bad_overlay' ? 'overlay' : 'document';
    const reason = result.cause === 'rejected_by_catalog_check' ? Code.RejectedDefinition : Code.UnreadableDocument;
    throw new TenantConnectorsError(reason, `${field}: ${result.cause}: ${result.message}`.slice(0, 1000), field);
  }
  const definition = result.value.provider;
  checkBounds(definition);
  checkAuth(definition);
  checkHosts(definition);
  for (const action of definition.actions) {
    if (catalog.findAction(action.id)) throw new TenantConnectorsError(Code.BuiltInCollision, `tool ${action.id} is a built-in tool`, 'overlay');
  }
  const definitionBytes = Buffer.byteLength(JSON.stringify(definition), 'utf8');
  if (definitionBytes > TENANT_CONNECTOR_LIMITS.definitionBytes) {
    throw new TenantConnectorsError(
      Code.DocumentTooLarge,
      `document: its tools' definitions take ${definitionBytes} bytes, over the limit of ${TENANT_CONNECTOR_LIMITS.definitionBytes}: curate fewer operations or inputs`,
      'document',
    );
  }
  return {
    providerId,
    definition,
    specSha256: createHash('sha256').update(upload.document).digest('hex'),
    specBytes,
    warnings: [
      ...result.value.skipped.map((s) => `skipped: ${s}`),
      ...result.value.unmatched.map((key) => `overlay names ${key}, which the document does not have`),
    ],
  };
}

/** The overlay as parsed, with the provider id the tenant's namespace gives it, whatever it said. */
function overlayWithId(text: string, providerId: string): unknown {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new TenantConnectorsError(Code.UnreadableDocument, `overlay: not YAML or JSON (${(error as Error).message.split('\n')[0]})`, 'overlay');
  }
  if (!isObject(parsed) || !isObject(parsed['provider'])) throw new TenantConnectorsError(Code.InvalidInput, 'overlay: needs a provider section', 'overlay');
  return { ...parsed, provider: { ...parsed['provider'], id: providerId } };
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** How many tools the upload asks for: the overlay's list, or every operation of the document. */
function plannedToolCount(document: string, overlay: unknown): number {
  if (isObject(overlay) && overlay['include'] !== 'all') return isObject(overlay['operations']) ? Object.keys(overlay['operations']).length : 0;
  let parsed: unknown;
  try {
    parsed = parseYaml(document, { maxAliasCount: 100 });
  } catch {
    return 0; // the importer names what is wrong with it
  }
  const paths = isObject(parsed) ? parsed['paths'] : undefined;
  if (!isObject(paths)) return 0;
  let count = 0;
  for (const item of Object.values(paths)) if (isObject(item)) for (const method of Object.keys(item)) if (METHODS.has(method)) count++;
  return count;
}

function tooManyTools(count: number): TenantConnectorsError {
  return new TenantConnectorsError(
    Code.TooManyTools,
    `document: ${count} operations become tools, over the limit of ${TENANT_CONNECTOR_LIMITS.tools}: list the ones to keep in the overlay`,
    'overlay',
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkBounds(definition: ProviderDefinition): void {
  const L = TENANT_CONNECTOR_LIMITS;
  if (definition.actions.length > L.tools) throw tooManyTools(definition.actions.length);
  const tooLong = (value: string | undefined, limit: number, field: string) => {
    if (value !== undefined && value.length > limit)
      throw new TenantConnectorsError(Code.InvalidInput, `${field}: ${value.length} characters, over the limit of ${limit}`, 'overlay');
  };
  tooLong(definition.name, L.nameChars, 'provider.name');
  tooLong(definition.description, L.descriptionChars, 'provider.description');
  for (const action of definition.actions) {
    tooLong(action.title, L.titleChars, `${action.id}.title`);
    tooLong(action.description, L.descriptionChars, `${action.id}.description`);
    tooLong(action.usage, L.descriptionChars, `${action.id}.usage`);
  }
}

function checkAuth(definition: ProviderDefinition): void {
  const refused = definition.authModes.find((mode) => !ALLOWED_AUTH.has(mode.type));
  if (refused) {
    throw new TenantConnectorsError(
      Code.UnsupportedAuth,
      `authModes.${refused.id}: ${refused.type} is not offered for tenant connectors; use api_key, bearer_token or basic`,
      'overlay',
    );
  }
  if (definition.authModes.length === 0)
    throw new TenantConnectorsError(Code.UnsupportedAuth, 'authModes: the connector declares no way to authenticate', 'overlay');
}

/**
 * The hosts a call may reach are the ones the upload declares, and only names on the public
 * internet: the egress guard still refuses private and loopback addresses at connect time
 * (as for built-ins), but a declared `localhost` or IP literal is refused here, by name.
 */
function checkHosts(definition: ProviderDefinition): void {
  const servers = Object.entries(definition.servers);
  if (definition.hosts.length > TENANT_CONNECTOR_LIMITS.hosts)
    throw new TenantConnectorsError(Code.UndeclaredHost, `hosts: over the limit of ${TENANT_CONNECTOR_LIMITS.hosts}`, 'overlay');
  if (servers.length > TENANT_CONNECTOR_LIMITS.servers)
    throw new TenantConnectorsError(Code.UndeclaredHost, `servers: over the limit of ${TENANT_CONNECTOR_LIMITS.servers}`, 'overlay');
  for (const host of definition.hosts) {
    const problem = unsafeHost(host);
    if (problem) throw new TenantConnectorsError(Code.UndeclaredHost, `hosts: ${host}: ${problem}`, 'overlay');
  }
  for (const [name, server] of servers) {
    let url: URL;
    try {
      url = new URL(server.url);
    } catch {
      throw new TenantConnectorsError(Code.UndeclaredHost, `servers.${name}: ${server.url} is not a URL with a fixed host`, 'document');
    }
    if (url.protocol !== 'https:') throw new TenantConnectorsError(Code.UndeclaredHost, `servers.${name}: ${server.url} must be https`, 'document');
    if (url.hostname.includes('{') || url.hostname.includes('%7b'))
      throw new TenantConnectorsError(Code.UndeclaredHost, `servers.${name}: the host of ${server.url} must be fixed`, 'document');
    if (!isDeclaredHost(definition.hosts, url.hostname))
      throw new TenantConnectorsError(Code.UndeclaredHost, `servers.${name}: ${url.hostname} is not among the declared hosts`, 'overlay');
  }
}

function unsafeHost(pattern: string): string | undefined {
  const host = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  if (/^[\d.]+$/.test(host) || host.includes(':')) return 'declare a host name, not an address';
  if (!host.includes('.')) return 'needs a dotted public name';
  if (/(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/.test(host)) return 'a name of the local network';
  return undefined;
}

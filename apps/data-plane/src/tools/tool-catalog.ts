import { createHash } from 'node:crypto';
import { catalog, toToolDescriptor, type Catalog, type CatalogEntry, type ToolDescriptor } from '@causeway/connectors';
import { ToolSearchIndex } from './tool-search';

/** One tool as listing and search see it: what agents are shown, plus the text search ranks on. */
export interface CatalogTool {
  readonly descriptor: ToolDescriptor;
  /** Provider id (`slack`): the connection a call needs, and the `provider` filter. */
  readonly provider: string;
  /** Provider display name (`Microsoft Teams`), so a task naming the product finds its tools. */
  readonly providerName: string;
  /** The action's own description and usage text, without the error guide the descriptor appends. */
  readonly summary: string;
  readonly usage: string;
}

/**
 * A set of tools with a version that changes whenever any of them does, and a search index
 * built for exactly that version. Tenants' own connectors produce their own catalog (the
 * built-ins plus theirs) through `toolCatalog`, and listing and search take it as it is.
 */
export interface ToolCatalog {
  readonly version: string;
  readonly tools: readonly CatalogTool[];
  readonly search: ToolSearchIndex;
}

export function toCatalogTool({ provider, action }: CatalogEntry): CatalogTool {
  return { descriptor: toToolDescriptor(action), provider: provider.id, providerName: provider.name, summary: action.description, usage: action.usage };
}

/** Catalogs by version: a catalog seen before reuses its index, so an index is built once per version, not per request. */
const built = new Map<string, ToolCatalog>();
const MAX_CATALOGS = 64;

export function toolCatalog(entries: readonly CatalogEntry[]): ToolCatalog {
  const tools = entries.map(toCatalogTool);
  const version = catalogVersion(tools);
  const known = built.get(version);
  if (known) return known;
  const created: ToolCatalog = Object.freeze({ version, tools: Object.freeze(tools), search: ToolSearchIndex.build(tools) });
  // Bounded: tenant catalogs come and go; the oldest version is the one least likely asked for again.
  if (built.size >= MAX_CATALOGS) built.delete(built.keys().next().value as string);
  built.set(version, created);
  return created;
}

/** A hash of everything listing and search read, in order. */
export function catalogVersion(tools: readonly CatalogTool[]): string {
  const hash = createHash('sha256');
  for (const tool of tools)
    hash
      .update(
        JSON.stringify([
          tool.descriptor.name,
          tool.descriptor.version,
          tool.descriptor.title,
          tool.summary,
          tool.usage,
          tool.providerName,
          tool.descriptor.sideEffect,
        ]),
      )
      .update('\n');
  return hash.digest('base64url').slice(0, 16);
}

let builtIn: ToolCatalog | undefined;

/** The tools the platform ships; fixed for the life of the process. */
export function builtInToolCatalog(): ToolCatalog {
  return (builtIn ??= toolCatalog(catalog.listActions()));
}

const byCatalog = new WeakMap<Catalog, ToolCatalog>();

/**
 * The tools of a tenant's catalog (`ConfigView.tenantConnectors.catalogFor`): the built-ins, plus
 * the tenant's own connectors when it has some. Tenant catalogs are replaced whole when they
 * change, so one is converted once, not per request.
 */
export function toolCatalogFor(source: Catalog): ToolCatalog {
  if (source === catalog) return builtInToolCatalog();
  let converted = byCatalog.get(source);
  if (!converted) byCatalog.set(source, (converted = toolCatalog(source.listActions())));
  return converted;
}

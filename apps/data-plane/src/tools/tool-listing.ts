import MiniSearch from 'minisearch';
import { AppError } from '@causeway/platform';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import type { CatalogTool, ToolCatalog } from './tool-catalog';
import { decodeCursor, encodeCursor, type ListRequest, type SearchRequest, type ToolFilter } from './tool-query';
import { listableTools } from './tool-access';
import { normaliseTerm } from './tool-search';
import type { ProviderUsable } from './usable-connections';

export interface ToolPage {
  tools: CatalogTool[];
  /** Present when more tools match: pass it back as `cursor` with the same filters. */
  nextCursor?: string;
}

export interface RankedTool {
  tool: CatalogTool;
  score: number;
  /** Whether the key can call it now through one of the tenant's connections (always true unless `include: all`). */
  usable: boolean;
}

/** Who asks, and what they could call: the inputs every listing and search share. */
export interface ToolScope {
  principal: AgentPrincipal;
  catalog: ToolCatalog;
  usable: ProviderUsable;
}

/**
 * The tools a listing or a search may show this key, in catalog order: those it may call
 * (`listableTools`: tenant policy, scopes, allow-list), through a usable connection unless the
 * filter asks for the whole catalog, narrowed by provider and side effect. `null` when the key
 * may not list tools at all. REST and MCP both come through here.
 */
export function candidateTools({ principal, catalog, usable }: ToolScope, filter: ToolFilter): CatalogTool[] | null {
  const allowed = listableTools(
    principal,
    catalog.tools.map((tool) => ({ name: tool.descriptor.name, tool })),
  );
  if (!allowed) return null;
  refuseUnknownProviders(catalog, filter.providers);
  const providers = filter.providers ? new Set(filter.providers) : undefined;
  const sideEffects = filter.sideEffects ? new Set(filter.sideEffects) : undefined;
  return allowed
    .map(({ tool }) => tool)
    .filter(
      (tool) =>
        (!providers || providers.has(tool.provider)) &&
        (!sideEffects || sideEffects.has(tool.descriptor.sideEffect)) &&
        (filter.include === 'all' || usable(tool.provider)),
    );
}

/** One page of the tools a key may see under `request`'s filters, in catalog order. */
export function listTools(scope: ToolScope, request: ListRequest): ToolPage | null {
  const candidates = candidateTools(scope, request.filter);
  if (!candidates) return null;
  const matching = request.filter.text ? candidates.filter(textMatcher(request.filter.text)) : candidates;
  const offset = request.cursor ? decodeCursor(request.cursor, request.filter, scope.catalog.version) : 0;
  const end = offset + request.limit;
  return {
    tools: matching.slice(offset, end),
    ...(end < matching.length ? { nextCursor: encodeCursor(end, request.filter, scope.catalog.version) } : {}),
  };
}

/** The tools best suited to a task description, best first, among those the key may see. */
export function searchTools(scope: ToolScope, request: SearchRequest): RankedTool[] | null {
  const candidates = candidateTools(scope, request.filter);
  if (!candidates) return null;
  const byName = new Map(candidates.map((tool) => [tool.descriptor.name, tool]));
  return scope.catalog.search
    .search(request.query, (name) => byName.has(name))
    .slice(0, request.limit)
    .map((hit) => {
      const tool = byName.get(hit.name)!;
      return { tool, score: Math.round(hit.score * 1000) / 1000, usable: scope.usable(tool.provider) };
    });
}

/** A filter by provider id that names no provider with tools is a mistake worth naming, not an empty list. */
function refuseUnknownProviders(catalog: ToolCatalog, providers: readonly string[] | undefined): void {
  if (!providers) return;
  const known = new Set(catalog.tools.map((tool) => tool.provider));
  const unknown = providers.filter((p) => !known.has(p));
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_input',
      `provider: no provider with tools is named ${unknown.map((p) => `"${p}"`).join(', ')}; known: ${[...known].sort().join(', ')}`,
      { field: 'provider' },
    );
  }
}

/**
 * The listing's text filter: every word of the text must begin a word of the tool's name,
 * title, description, usage or provider. Stricter than search on purpose — a filter narrows,
 * it does not rank.
 */
function textMatcher(text: string): (tool: CatalogTool) => boolean {
  const wanted = words(text);
  return (tool) => {
    const have = wordsOf(tool);
    return wanted.every((w) => have.some((h) => h.startsWith(w)));
  };
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const words = (value: string) =>
  tokenize(value)
    .map(normaliseTerm)
    .filter((w): w is string => w !== null);

/** A tool's words are computed once per tool object (a catalog version shares its objects). */
const toolWords = new WeakMap<CatalogTool, string[]>();
function wordsOf(tool: CatalogTool): string[] {
  let have = toolWords.get(tool);
  if (!have) {
    have = words([tool.descriptor.name, tool.descriptor.title, tool.summary, tool.usage, tool.provider, tool.providerName].join(' '));
    toolWords.set(tool, have);
  }
  return have;
}

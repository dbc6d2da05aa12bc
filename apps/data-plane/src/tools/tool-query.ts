import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, parseInput } from '@causeway/platform';
import type { SideEffect } from '@causeway/connectors';

const SIDE_EFFECT_VALUES = ['read', 'write', 'destructive'] as const satisfies readonly SideEffect[];

/** What narrows a listing or a search; every field optional except which tools count. */
export interface ToolFilter {
  /** `usable`: tools the key can call through one of the tenant's active connections; `all`: the whole catalog the key may call. */
  include: 'usable' | 'all';
  providers?: readonly string[];
  sideEffects?: readonly SideEffect[];
  /** Every word must appear (as a word or the start of one) in the tool's name, title, description, usage or provider. */
  text?: string;
}

export const LIST_LIMIT = { default: 100, max: 200 } as const;
export const SEARCH_LIMIT = { default: 10, max: 50 } as const;
export const MAX_TEXT = 200;

const csv = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(2000)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item).min(1, 'give at least one value').max(max, `at most ${max} values`));

const providerId = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'a provider id such as slack or google-drive');
const include = z.enum(['usable', 'all'], { error: 'usable (tools with a usable connection, the default) or all (the whole catalog)' }).default('usable');
const limit = (bounds: { default: number; max: number }) =>
  z.coerce.number({ error: 'a whole number' }).int('a whole number').min(1).max(bounds.max).default(bounds.default);

const filterFields = {
  include,
  provider: csv(providerId, 50).optional(),
  sideEffect: csv(z.enum(SIDE_EFFECT_VALUES, { error: 'read, write or destructive' }), 3).optional(),
};

/** `GET /v1/tools` query: unknown parameters are refused, so a misspelt filter is not silently ignored. */
const listQuerySchema = z.strictObject({
  ...filterFields,
  q: z.string().trim().min(1).max(MAX_TEXT).optional(),
  limit: limit(LIST_LIMIT),
  cursor: z.string().min(1).max(200).optional(),
});

/** `GET /v1/tools/search` query. */
const searchQuerySchema = z.strictObject({
  ...filterFields,
  q: z.string({ error: 'required: describe the task, e.g. "post a message to a channel"' }).trim().min(1, 'describe the task').max(MAX_TEXT),
  limit: limit(SEARCH_LIMIT),
});

export interface ListRequest {
  filter: ToolFilter;
  limit: number;
  cursor?: string;
}

export interface SearchRequest {
  filter: ToolFilter;
  query: string;
  limit: number;
}

function toFilter(parsed: { include: 'usable' | 'all'; provider?: string[]; sideEffect?: SideEffect[] }, text?: string): ToolFilter {
  return {
    include: parsed.include,
    ...(parsed.provider ? { providers: parsed.provider } : {}),
    ...(parsed.sideEffect ? { sideEffects: parsed.sideEffect } : {}),
    ...(text ? { text } : {}),
  };
}

export function parseListQuery(query: unknown): ListRequest {
  const parsed = parseInput(listQuerySchema, query ?? {}, { whole: 'query' });
  return { filter: toFilter(parsed, parsed.q), limit: parsed.limit, ...(parsed.cursor ? { cursor: parsed.cursor } : {}) };
}

export function parseSearchQuery(query: unknown): SearchRequest {
  const parsed = parseInput(searchQuerySchema, query ?? {}, { whole: 'query' });
  return { filter: toFilter(parsed), query: parsed.q, limit: parsed.limit };
}

/** The arguments of the MCP `search_tools` tool: the REST search, spelt as JSON. */
export const searchToolsArgumentsSchema = z.strictObject({
  query: z.string().trim().min(1, 'describe the task').max(MAX_TEXT),
  provider: z.union([providerId, z.array(providerId).min(1).max(50)]).optional(),
  sideEffect: z.union([z.enum(SIDE_EFFECT_VALUES), z.array(z.enum(SIDE_EFFECT_VALUES)).min(1).max(3)]).optional(),
  include: z.enum(['usable', 'all']).default('usable'),
  limit: z.number().int().min(1).max(SEARCH_LIMIT.max).default(SEARCH_LIMIT.default),
});

export function parseSearchArguments(args: unknown): SearchRequest {
  const parsed = parseInput(searchToolsArgumentsSchema, args ?? {}, { whole: 'arguments' });
  const list = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
  const provider = list(parsed.provider);
  const sideEffect = list(parsed.sideEffect);
  return {
    filter: toFilter({ include: parsed.include, ...(provider ? { provider } : {}), ...(sideEffect ? { sideEffect } : {}) }),
    query: parsed.query,
    limit: parsed.limit,
  };
}

/**
 * Cursors are opaque to callers: the offset of the next page, bound to the filter and the
 * catalog version it was made for. A cursor sent with other filters, or after the catalog
 * changed, is refused rather than answered with a page of some other list.
 */
export function encodeCursor(offset: number, filter: ToolFilter, catalogVersion: string): string {
  return Buffer.from(JSON.stringify({ o: offset, k: cursorKey(filter, catalogVersion) })).toString('base64url');
}

export function decodeCursor(cursor: string, filter: ToolFilter, catalogVersion: string, field = 'cursor'): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = z.object({ o: z.number().int().min(0).max(100_000), k: z.string() }).safeParse(decoded);
  if (!parsed.success)
    throw new AppError('invalid_input', `${field}: not a cursor this server gave out; pass nextCursor from the previous page unchanged`, { field });
  if (parsed.data.k !== cursorKey(filter, catalogVersion)) {
    throw new AppError(
      'invalid_input',
      `${field}: made for other filters or an earlier version of the tool list; send the same filters as the first page, or start again without a cursor`,
      { field },
    );
  }
  return parsed.data.o;
}

function cursorKey(filter: ToolFilter, catalogVersion: string): string {
  const key = [catalogVersion, filter.include, [...(filter.providers ?? [])].sort(), [...(filter.sideEffects ?? [])].sort(), filter.text ?? ''];
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 12);
}

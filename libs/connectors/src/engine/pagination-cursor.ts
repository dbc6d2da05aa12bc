import type { Pagination, PaginationStyle } from '../definition/pagination';
import { readBodyPath } from './body-path';
import { parseLinkHeader } from './link-header';

/**
 * What the opaque `nextCursor` carries: the action it belongs to, the paging style and the
 * one value that style needs (a Slack cursor, a URL, an offset). base64url-encoded JSON, so
 * it survives URLs and agents treat it as a token rather than something to edit.
 */
export interface CursorState {
  action: string;
  style: PaginationStyle;
  value: string | number;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ a: state.action, s: state.style, v: state.value }), 'utf8').toString('base64url');
}

/** Returns `undefined` for anything that is not a cursor this action issued. */
export function decodeCursor(cursor: string, actionId: string, style: PaginationStyle): CursorState | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { a, s, v } = parsed as Record<string, unknown>;
    if (a !== actionId || s !== style) return undefined;
    if (typeof v === 'string' && v.length > 0) return { action: actionId, style, value: v };
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { action: actionId, style, value: v };
    return undefined;
  } catch {
    return undefined;
  }
}

/** The value the next page needs, read from this page; `undefined` on the last page. */
export function nextPageValue(pagination: Pagination, body: unknown, headers: Record<string, string>, currentOffset: number): string | number | undefined {
  switch (pagination.style) {
    case 'cursor':
      if (pagination.hasMorePath && readBodyPath(body, pagination.hasMorePath) === false) return undefined;
      return nonEmptyString(readBodyPath(body, pagination.nextCursorPath));
    case 'page_token':
      if (pagination.isLastPath && readBodyPath(body, pagination.isLastPath) === true) return undefined;
      return nonEmptyString(readBodyPath(body, pagination.nextTokenPath));
    case 'next_url':
      if (pagination.donePath && readBodyPath(body, pagination.donePath) === true) return undefined;
      return nonEmptyString(readBodyPath(body, pagination.nextUrlPath));
    case 'link_header':
      return parseLinkHeader(headers['link'])['next'];
    case 'offset': {
      const items = readBodyPath(body, pagination.itemsPath);
      const total = readBodyPath(body, pagination.totalPath);
      const offset = readBodyPath(body, pagination.offsetPath);
      if (!Array.isArray(items) || typeof total !== 'number' || items.length === 0) return undefined;
      const next = (typeof offset === 'number' ? offset : currentOffset) + items.length;
      return next < total ? next : undefined;
    }
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

import { AppError } from '@causeway/platform';

/** One page of a keyset-paginated list, ordered by (created_at, id). */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  cursorOf(item: T): string;
}

export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new AppError('invalid_input', `first: must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  }
  return value;
}

/**
 * The sort key of a keyset page over `alias.created_at`, at the cursor's precision. Cursors carry
 * JavaScript milliseconds while Postgres keeps microseconds: compared as stored, the last row of
 * a page is "after" its own cursor and comes back as the first row of the next page, forever.
 */
export const createdAtKey = (alias: string): string => `date_trunc('milliseconds', ${alias}.created_at)`;

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** Cursors are opaque to clients; a tampered one is bad input, not a server error. */
export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error();
    return { at, id };
  } catch {
    throw new AppError('invalid_input', 'after: not a cursor this API issued', { field: 'after' });
  }
}

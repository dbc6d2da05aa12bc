import { AppError } from '@causeway/platform';

/**
 * Cursors are opaque to callers: base64url of a small versioned JSON. Today they carry the
 * sequence number of the last item returned; the version leaves room to change that.
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, seq }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      decoded &&
      typeof decoded === 'object' &&
      (decoded as { v?: unknown }).v === 1 &&
      Number.isSafeInteger((decoded as { seq?: unknown }).seq) &&
      (decoded as { seq: number }).seq > 0
    ) {
      return (decoded as { seq: number }).seq;
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_input', 'not a cursor this API returned', { field });
}

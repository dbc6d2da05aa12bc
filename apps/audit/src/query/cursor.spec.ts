import { AppError } from '@causeway/platform';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('round-trip a sequence number without showing it in the clear', () => {
    const cursor = encodeCursor(1234);
    expect(cursor).not.toContain('1234');
    expect(decodeCursor(cursor)).toBe(1234);
  });

  it.each(['', 'garbage', Buffer.from('{"v":2,"seq":3}').toString('base64url'), Buffer.from('{"v":1,"seq":-3}').toString('base64url')])(
    'refuse %j as invalid input on the after field',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(AppError);
      expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'invalid_input', extra: { field: 'after' } }));
    },
  );
});

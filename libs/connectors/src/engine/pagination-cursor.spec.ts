import type { Pagination } from '../definition/pagination';
import { readBodyPath } from './body-path';
import { nextPageValue } from './pagination-cursor';

describe('next page value', () => {
  const zendesk: Pagination = {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'page[after]', in: 'query' },
    nextCursorPath: 'meta.after_cursor',
    hasMorePath: 'meta.has_more',
  };
  const stripe: Pagination = {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'starting_after', in: 'query' },
    nextCursorPath: 'data.@last.id',
    hasMorePath: 'has_more',
  };

  it('stops when has_more is false even though a cursor is still sent', () => {
    expect(nextPageValue(zendesk, { meta: { has_more: false, after_cursor: 'eyJvIjoiIn0' } }, {}, 0)).toBeUndefined();
    expect(nextPageValue(zendesk, { meta: { has_more: true, after_cursor: 'eyJvIjoiIn0' } }, {}, 0)).toBe('eyJvIjoiIn0');
  });

  it('follows the cursor when the vendor does not say has_more', () => {
    expect(nextPageValue(zendesk, { meta: { after_cursor: 'abc' } }, {}, 0)).toBe('abc');
  });

  it("takes the last object's id as the next starting_after", () => {
    expect(nextPageValue(stripe, { has_more: true, data: [{ id: 'cus_1' }, { id: 'cus_2' }] }, {}, 0)).toBe('cus_2');
    expect(nextPageValue(stripe, { has_more: true, data: [] }, {}, 0)).toBeUndefined();
  });
});

describe('body paths', () => {
  it("@last picks an array's last item and is undefined on anything else", () => {
    expect(readBodyPath({ data: [1, 2, 3] }, 'data.@last')).toBe(3);
    expect(readBodyPath({ data: { a: 1 } }, 'data.@last')).toBeUndefined();
    expect(readBodyPath({ data: [] }, 'data.@last.id')).toBeUndefined();
  });
});

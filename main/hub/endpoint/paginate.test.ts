import { describe, expect, it } from 'vitest';
import { paginate } from './paginate.js';

describe('paginate', () => {
  it('walks a list page by page', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = paginate(items, cursor, 3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });

  it('has no cursor on the last page', () => {
    expect(paginate([1, 2], undefined, 2).nextCursor).toBeUndefined();
  });

  it('answers a whole list in one page without a page size', () => {
    const items = Array.from({ length: 5000 }, (_, i) => i);
    const page = paginate(items, undefined, undefined);
    expect(page.items).toHaveLength(5000);
    expect(page.nextCursor).toBeUndefined();
  });

  it('rejects a cursor it did not make', () => {
    expect(() => paginate([1], 'bogus', 2)).toThrow(/Invalid cursor/);
  });
});

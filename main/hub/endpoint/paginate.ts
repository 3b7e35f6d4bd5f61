import { invalidParams } from '../protocol-error.js';

/**
 * One page of a list (`pageSize` undefined: the rest of it). The cursor is opaque to clients; it
 * holds the offset of the next page, so a list that changes between pages may repeat or skip an
 * item (clients re-list on list_changed). A whole list is answered as it is, not copied: the views
 * build their lists once per change, and a listing must not cost a copy of thousands of items.
 */
export function paginate<T>(items: readonly T[], cursor: string | undefined, pageSize: number | undefined): { items: readonly T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decodeCursor(cursor);
  const end = pageSize === undefined ? items.length : start + pageSize;
  if (start === 0 && end >= items.length) return { items };
  return {
    items: items.slice(start, end),
    ...(end < items.length && { nextCursor: Buffer.from(`o:${end}`).toString('base64url') }),
  };
}

function decodeCursor(cursor: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidParams(`Invalid cursor: ${cursor}`);
  return Number(match[1]);
}

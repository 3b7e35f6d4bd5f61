import { invalidParams } from '../protocol-error.js';

/**
 * One page of a list. The cursor is opaque to clients; it holds the offset of the next page, so a
 * list that changes between pages may repeat or skip an item (clients re-list on list_changed).
 */
export function paginate<T>(items: readonly T[], cursor: string | undefined, pageSize: number): { items: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decodeCursor(cursor);
  const end = start + pageSize;
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

/** Opaque cursors of keyset pagination: newest first, by id, so concurrent inserts cause no duplicates or gaps. */

/** Thrown for a cursor this library did not make. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

/** The cursor that continues after the row with this id. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ v: 1, before: lastId })).toString('base64url');
}

/** The id a cursor continues before; throws {@link InvalidCursorError} for anything else. */
export function decodeCursor(cursor: string): number {
  if (typeof cursor !== 'string' || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw new InvalidCursorError();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const { v, before } = (typeof value === 'object' && value !== null ? value : {}) as { v?: unknown; before?: unknown };
  if (v !== 1 || typeof before !== 'number' || !Number.isSafeInteger(before) || before < 1)
    throw new InvalidCursorError();
  return before;
}

import { InvalidParameterError } from "../shared/api-errors";

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** One page of a listing; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * Where a keyset page starts: after the row with this (timestamp, id). Listings are ordered newest
 * first with the id breaking ties, so a position is exact even when many rows share a timestamp,
 * and rows inserted while a client pages never shift the pages it has not read yet.
 */
export interface KeysetPosition {
  readonly at: Date;
  readonly id: string;
}

const CURSOR_VERSION = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Cursors are opaque to clients (base64url JSON) and carry the listing they belong to, so a cursor
 * from one creator's fans is refused on another listing instead of silently paging the wrong rows.
 */
export function encodeCursor(position: KeysetPosition, listing: string): string {
  const payload = { v: CURSOR_VERSION, l: listing, t: position.at.toISOString(), i: position.id };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

export function decodeCursor(cursor: string, listing: string): KeysetPosition {
  const invalid = () => new InvalidParameterError("cursor", "is not a cursor from this listing; use nextCursor from the previous page");
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof payload !== "object" || payload === null) throw invalid();
  const { v, l, t, i } = payload as Record<string, unknown>;
  if (v !== CURSOR_VERSION || l !== listing || typeof t !== "string" || typeof i !== "string" || !UUID.test(i)) throw invalid();
  const at = new Date(t);
  if (Number.isNaN(at.getTime())) throw invalid();
  return { at, id: i };
}

/**
 * Turns `limit + 1` rows, as a listing query fetches them, into a page: the extra row only says
 * that another page exists, and the cursor points after the last row shown.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  listing: string,
  positionOf: (row: Row) => KeysetPosition,
  toItem: (row: Row) => Item,
): Page<Item> {
  const shown = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return {
    items: shown.map(toItem),
    nextCursor: hasMore && shown.length > 0 ? encodeCursor(positionOf(shown[shown.length - 1]), listing) : null,
  };
}

import { isUuid } from './ids.js';
import { decodeCursor, invalidCursor } from './pagination.js';
import { isDateTimeText } from './time.js';

/**
 * Decodes a `[timestamp, uuid]` cursor and checks both parts, so a tampered cursor is a 400
 * rather than a database error.
 */
export function decodeTimeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  if (!isIsoInstant(at) || !isUuid(id)) {
    throw invalidCursor();
  }
  return { at, id };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Strict, because PostgreSQL refuses much of what Date.parse accepts ("1", "2026", year 0000,
 * February 30, an offset of +23:00): a day that exists, in the years and offsets the API takes.
 */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && isDateTimeText(value);
}

/** A `[n]` cursor over an identity column (arrival, position), checked so a tampered one is a 400. */
export function decodeSequenceCursor(cursor: string | undefined): string | undefined {
  const after = decodeCursor(cursor, 1)?.[0];
  if (after === undefined) return undefined;
  if (typeof after !== 'string' || !/^\d{1,18}$/.test(after)) throw invalidCursor();
  return after;
}

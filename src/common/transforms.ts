import { ValidateIf } from 'class-validator';

/** Spaces and characters that show nothing (zero-width spaces, bidi marks, Hangul fillers) at either end. */
const INVISIBLE_EDGES = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0]+|[\s\p{Cf}\u115F\u1160\u3164\uFFA0]+$/gu;

/**
 * class-transformer helpers shared by DTOs. Trimming takes invisible characters too, so a
 * name of zero-width spaces is empty, as it looks.
 */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(INVISIBLE_EDGES, '') : value);

/**
 * A whole number written in a query (`?limit=20`). Anything else, `0x10` and `1e2` included
 * (which Number() would take), becomes NaN, a number but not an integer, for `@IsInt()` to refuse.
 */
export const queryInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (/^-?\d{1,9}$/.test(value) ? Number(value) : Number.NaN) : value;

/** An optional field that may be left out but not set to null (its column is NOT NULL). */
export const Omittable = () => ValidateIf((_, value) => value !== undefined);

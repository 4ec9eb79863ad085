import { ValidateIf } from 'class-validator';

/** class-transformer helpers shared by DTOs. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A whole number written in a query (`?limit=20`). Anything else, `0x10` and `1e2` included
 * (which Number() would take), becomes NaN, a number but not an integer, for `@IsInt()` to refuse.
 */
export const queryInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (/^-?\d{1,9}$/.test(value) ? Number(value) : Number.NaN) : value;

/** An optional field that may be left out but not set to null (its column is NOT NULL). */
export const Omittable = () => ValidateIf((_, value) => value !== undefined);

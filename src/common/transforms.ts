import { ValidateIf } from 'class-validator';

/** class-transformer helpers shared by DTOs. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** An optional field that may be left out but not set to null (its column is NOT NULL). */
export const Omittable = () => ValidateIf((_, value) => value !== undefined);

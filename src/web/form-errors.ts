import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { illFormedTexts } from '../common/text.js';
import { mainRule, textErrors } from '../http/validation.js';

/** Field name → the first rule it broke (`isLength`, `isEmail`…), which the page texts translate. */
export type FormErrors = Record<string, string>;

/**
 * Checks a posted form with the API's own DTO, so pages and API accept the same values, and
 * gives the DTO as the API would get it (trimmed, unknown fields such as `_csrf` dropped).
 */
export async function parseForm<T extends object>(dto: ClassConstructor<T>, values: object): Promise<{ value: T; errors?: FormErrors }> {
  const value = plainToInstance(dto, values);
  const illFormed = illFormedTexts(values);
  if (illFormed.length > 0) return { value, errors: Object.fromEntries(illFormed.map(({ field, rule }) => [field, rule])) };
  const checked = await validate(value, { whitelist: true });
  const errors = [...checked, ...textErrors(value, checked)];
  if (errors.length === 0) return { value };
  return { value, errors: Object.fromEntries(fieldRules(errors)) };
}

/** Nested objects' fields are named by their path, as the form controls are: `venue.name`. */
function fieldRules(errors: ValidationError[], parent = ''): [string, string][] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: [string, string][] = error.constraints ? [[field, mainRule(error.constraints)]] : [];
    return [...own, ...fieldRules(error.children ?? [], field)];
  });
}

/** Form fields arrive as text; a whole number becomes a number, so the DTO's `@IsInt()` applies as in the API. */
export function formInteger(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d{1,6}\s*$/.test(value) ? Number(value) : value;
}

import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { statusOf } from '../../http/api-error.filter.js';
import { DomainError } from '../../common/domain-errors.js';
import type { ErrorCode } from '../../common/error-codes.js';
import { illFormedTexts } from '../../common/text.js';
import { mainRule, textErrors } from '../../http/validation.js';

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

/**
 * Refusals of the rules that belong to a form field, by their code: the field (or, without one,
 * each field the error's `details` names) and the rule the page texts translate. The one place
 * pages turn a failure into a field's error; none reads a message to decide.
 */
export const FIELD_REFUSALS = {
  'ends-before-start': { rule: 'endsBeforeStart' },
  'time-skipped': { rule: 'skippedTime' },
  'invalid-date-time': { rule: 'isInstant' },
  'offset-not-of-zone': { rule: 'isInstant' },
  'slug-taken': { field: 'slug', rule: 'slugTaken' },
  'capacity-below-taken': { field: 'capacity', rule: 'belowTaken' },
  'party-too-large': { field: 'partySize', rule: 'max' },
  'email-required': { field: 'email', rule: 'emailRequired' },
  'email-refused': { field: 'email', rule: 'emailRefused' },
  'proof-of-work-required': { field: 'altcha', rule: 'proofOfWork' },
  'translation-incomplete': { rule: 'translationPair' },
  'wrong-credentials': { field: 'password', rule: 'wrongCredentials' },
  'wrong-password': { field: 'currentPassword', rule: 'wrongPassword' },
  'email-unconfirmed': { field: 'email', rule: 'unconfirmed' },
  'email-taken': { field: 'email', rule: 'taken' },
} as const satisfies Partial<Record<ErrorCode, { field?: string; rule: string }>>;

export type FieldRefusalCode = keyof typeof FIELD_REFUSALS;

/** The code of a refusal of the rules; undefined for anything else (a bug, the database). */
export const codeOf = (error: unknown): ErrorCode | undefined => (error instanceof DomainError ? error.code : undefined);

/** The status of a refusal shown again on its form: the API's for the same failure. */
export const refusalStatus = (error: unknown): number => (error instanceof DomainError ? statusOf(error) : 400);

/**
 * The form's errors for a refusal the page shows at its fields: only the codes it names (the
 * same code elsewhere, an owner's unconfirmed address on a message, is another page's matter).
 */
export function fieldErrorsOf(error: unknown, shown: readonly FieldRefusalCode[]): FormErrors | undefined {
  const code = codeOf(error);
  if (!code || !(shown as readonly string[]).includes(code)) return undefined;
  const refusal: { field?: string; rule: string } = FIELD_REFUSALS[code as FieldRefusalCode];
  const fields = refusal.field ? [refusal.field] : ((error as DomainError).details ?? []).map((detail) => detail.field);
  return fields.length > 0 ? Object.fromEntries(fields.map((field) => [field, refusal.rule])) : undefined;
}

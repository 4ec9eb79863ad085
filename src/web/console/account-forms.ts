import type { FormErrors } from '../kit/form-errors.js';

/** What the account forms show again: the values sent (never a password) and their errors. */
export type AccountForm = { values?: Record<string, unknown>; errors?: FormErrors };

/** A second password field must repeat the first; checked after the DTO's own rules. */
export function withConfirmation(errors: FormErrors | undefined, body: Record<string, unknown>): FormErrors | undefined {
  if (errors?.password || body.password === body.passwordConfirmation) return errors;
  return { ...errors, passwordConfirmation: 'mismatch' };
}

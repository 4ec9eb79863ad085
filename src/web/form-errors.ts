import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';

/** Field name → the first rule it broke (`isLength`, `isEmail`…), which the page texts translate. */
export type FormErrors = Record<string, string>;

/**
 * Checks a posted form with the API's own DTO, so pages and API accept the same values.
 * Fields the DTO does not know (the CSRF token, a confirmation) are left to the caller.
 */
export async function formErrors(dto: ClassConstructor<object>, values: object): Promise<FormErrors | undefined> {
  const errors = await validate(plainToInstance(dto, values), { whitelist: true, stopAtFirstError: true });
  if (errors.length === 0) return undefined;
  return Object.fromEntries(errors.map((error) => [error.property, Object.keys(error.constraints ?? { invalid: '' })[0]!]));
}

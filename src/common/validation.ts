import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError, type FieldProblem } from './domain-errors.js';

function problems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, text]) => ({
      field,
      message: rule === 'whitelistValidation' ? 'is not a known field' : withoutLeadingName(text, error.property),
    }));
    return [...own, ...problems(error.children ?? [], field)];
  });
}

function withoutLeadingName(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}

export function validationError(errors: ValidationError[]): InvalidInputError {
  const details = problems(errors);
  const summary = details
    .slice(0, 3)
    .map((problem) => `${problem.field} ${problem.message}`)
    .join('; ');
  const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
  return new InvalidInputError(`The request is not valid: ${summary}${more}.`, details);
}

/** Unknown fields are rejected, types converted only where a DTO says so. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationError,
  });
}

import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { ValidationError, type ValidatorOptions } from 'class-validator';
import { InvalidInputError, type FieldProblem } from '../common/domain-errors.js';
import { brokenTextRules, illFormedTexts, TEXT_RULE_MESSAGES, textProblems } from '../common/text.js';

/**
 * Rules about what a value is go before rules about its size: "must be a number" for "120",
 * not "must not be greater than 100000". class-validator runs a field's decorators bottom-up,
 * so the order they are written in cannot say this; every rule runs and the first of these wins.
 */
const TYPE_RULES = ['isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'nestedValidation', 'isEmail', 'isIn', 'isUuid'];

/** The rule a field is reported by: its type rule if it broke one, else the first it broke. */
export function mainRule(constraints: Record<string, string> = {}): string {
  const rules = Object.keys(constraints);
  return rules.find((rule) => TYPE_RULES.includes(rule)) ?? rules[0] ?? 'invalid';
}

function message(error: ValidationError, rule: string): string {
  if (rule === 'whitelistValidation') return 'is not a known field';
  // "120" is not a number at all; 2.5 (or a query's "0x10") is a number, but not a whole one.
  if (rule === 'isInt') return typeof error.value === 'number' ? 'must be an integer' : 'must be a number';
  return withoutLeadingName(error.constraints![rule]!, error.property);
}

function problems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, message: message(error, mainRule(error.constraints)) }] : [];
    return [...own, ...problems(error.children ?? [], field)];
  });
}

function withoutLeadingName(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}

function invalidInput(details: FieldProblem[]): InvalidInputError {
  const summary = details
    .slice(0, 3)
    .map((problem) => `${problem.field} ${problem.message}`)
    .join('; ');
  const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
  return new InvalidInputError(`The request is not valid: ${summary}${more}.`, details, 'validation-failed');
}

export function validationError(errors: ValidationError[]): InvalidInputError {
  return invalidInput(problems(errors));
}

/**
 * Broken Unicode is refused before anything else sees the value; the one rule for text
 * (src/common/text.ts) is then checked beside the DTO's own rules, on every string of the DTO.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const illFormed = this.toValidate(metadata) ? illFormedTexts(value) : [];
    if (illFormed.length > 0) throw invalidInput(textProblems(illFormed));
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    return [...errors, ...textErrors(object, errors)];
  }
}

/** Fields that break the rule for text and no other rule, as validation errors. */
export function textErrors(object: object, errors: ValidationError[]): ValidationError[] {
  const reported = new Set(problems(errors).map(({ field }) => field));
  return brokenTextRules(object)
    .filter(({ field }) => !reported.has(field))
    .map(({ field, rule }) =>
      Object.assign(new ValidationError(), { property: field, constraints: { [rule]: TEXT_RULE_MESSAGES[rule] }, children: [] }),
    );
}

/** Unknown fields are rejected, types converted only where a DTO says so. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Only exceptionFactory sees the values, to tell "120" (not a number) from 2.5 (not an integer).
    validationError: { target: false, value: true },
    exceptionFactory: validationError,
  });
}

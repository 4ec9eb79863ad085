import { getMetadataStorage, isEmail, ValidateBy } from 'class-validator';
import type { FieldProblem } from './domain-errors.js';

/**
 * The one rule for text that clients send: well-formed Unicode (no lone surrogates) without
 * control characters. PostgreSQL refuses NUL in text, and an invisible character makes a
 * stored name differ from the one shown; only fields marked `@MultilineText()` may hold
 * line breaks and tabs. The validation pipe and the page forms apply it to every string of a
 * DTO, so a new field is covered without a decorator of its own.
 */
export type TextRule = 'wellFormed' | 'singleLine' | 'multilineText';

export const TEXT_RULE_MESSAGES: Record<TextRule, string> = {
  wellFormed: 'must be valid Unicode text',
  singleLine: 'must be one line of text without control characters',
  multilineText: 'must not contain control characters (line breaks and tabs are fine)',
};

const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS_AND_TABS = /[^\P{Cc}\t\n\r]/u;

/** The rule the text breaks, if any. */
export function brokenTextRule(text: string, multiline: boolean): TextRule | undefined {
  if (!text.isWellFormed()) return 'wellFormed';
  if (multiline) return CONTROL_BUT_LINE_BREAKS_AND_TABS.test(text) ? 'multilineText' : undefined;
  return CONTROL.test(text) ? 'singleLine' : undefined;
}

/** A field of free text where line breaks and tabs belong (a description, a question). */
export const MultilineText = () =>
  ValidateBy({
    name: 'multilineText' satisfies TextRule,
    validator: {
      validate: (value) => typeof value !== 'string' || brokenTextRule(value, true) === undefined,
      // Broken Unicode never gets this far: the pipe and the forms refuse it before validating.
      defaultMessage: () => TEXT_RULE_MESSAGES.multilineText,
    },
  });

const INVISIBLE = /[\s\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;

/** Characters a reader sees: not spaces, zero-width characters or bidi marks. */
export function visibleLength(text: string): number {
  return [...text.replace(INVISIBLE, '')].length;
}

/** At least `min` characters that show: three zero-width spaces are not a three-letter question. */
export const MinVisibleLength = (min: number) =>
  ValidateBy({
    name: 'minVisibleLength',
    constraints: [min],
    validator: {
      validate: (value) => typeof value === 'string' && visibleLength(value) >= min,
      defaultMessage: () => `must have at least ${min} visible characters`,
    },
  });

/** Quotes, brackets, spaces and the like, which only quoted local parts and display names carry. */
const NOT_IN_PLAIN_ADDRESSES = /[\s"<>()[\]\\,;:]/;

/**
 * A plain address (`name@example.org`): no quoted local part, display name or line break, so
 * the address stored, compared and mailed is the one typed. Reported as `isEmail`, as any bad address.
 */
export const IsPlainEmail = () =>
  ValidateBy({
    name: 'isEmail',
    validator: {
      validate: (value) => typeof value === 'string' && !NOT_IN_PLAIN_ADDRESSES.test(value) && isEmail(value),
      defaultMessage: () => 'must be an email',
    },
  });

const multilineFieldsOf = new WeakMap<object, Set<string>>();
const NO_FIELDS = new Set<string>();

/** Read from class-validator's metadata, which PartialType and OmitType carry over to the classes they make. */
function multilineFields(type: unknown): Set<string> {
  // Plain objects (a query string is one without a prototype) mark nothing.
  if (typeof type !== 'function' || type === Object) return NO_FIELDS;
  let fields = multilineFieldsOf.get(type);
  if (!fields) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(type as new () => object, '', true, false);
    fields = new Set(metadata.filter((entry) => entry.name === 'multilineText').map((entry) => entry.propertyName));
    multilineFieldsOf.set(type, fields);
  }
  return fields;
}

interface FoundText {
  text: string;
  field: string;
  multiline: boolean;
}

/** Every string in a value (nested objects and arrays included), with its field and whether its DTO marks it multi-line. */
function* textsOf(value: unknown, field = '', multiline = false): Generator<FoundText> {
  if (typeof value === 'string') yield { text: value, field, multiline };
  else if (Array.isArray(value)) for (const item of value) yield* textsOf(item, field, multiline);
  else if (typeof value === 'object' && value !== null) {
    const multilines = multilineFields(value.constructor);
    for (const [key, item] of Object.entries(value)) yield* textsOf(item, field ? `${field}.${key}` : key, multilines.has(key));
  }
}

/**
 * Strings with lone surrogates, in a body or query as it arrived: checked before any
 * validator sees them, as some (isEmail) throw on broken Unicode instead of answering false.
 */
export function illFormedTexts(value: unknown): { field: string; rule: TextRule }[] {
  return [...textsOf(value)].filter(({ text }) => !text.isWellFormed()).map(({ field }) => ({ field, rule: 'wellFormed' as const }));
}

/** Every string of a validated DTO that breaks the rule, as field and rule. */
export function brokenTextRules(value: unknown): { field: string; rule: TextRule }[] {
  return [...textsOf(value)].flatMap(({ text, field, multiline }) => {
    const rule = brokenTextRule(text, multiline);
    return rule ? [{ field, rule }] : [];
  });
}

export function textProblems(broken: { field: string; rule: TextRule }[]): FieldProblem[] {
  return broken.map(({ field, rule }) => ({ field, message: TEXT_RULE_MESSAGES[rule] }));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { LANGUAGES, type Language } from '../common/languages.js';

interface Catalog {
  [key: string]: Catalog | string;
}

/** Every text of a catalog by its dotted key: `rsvp-confirmed.subject`. */
function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') texts.set(path, value);
    else for (const [inner, text] of flatten(value, path)) texts.set(inner, text);
  }
  return texts;
}

/** The values, conditions and helpers a text names (`{{name}}`, `{{#if hadInvite}}`, `{{mailto contactEmail}}`), sorted. */
export function placeholders(text: string): string[] {
  const names = new Set<string>();
  const visitor = new Handlebars.Visitor();
  visitor.PathExpression = (path: hbs.AST.PathExpression) => void names.add(path.original);
  visitor.accept(Handlebars.parse(text));
  return [...names].sort();
}

/**
 * The email texts, one JSON catalog per language in templates/email/i18n/. Each text is a small
 * Handlebars template, so a sentence keeps its conditions whole in every language. The catalogs
 * must hold the same keys, and each text the same placeholders in every language, or the boot
 * stops: a missing or misspelt value never reaches a reader.
 */
export class MailTexts {
  private readonly texts: Record<Language, Map<string, string>>;

  constructor(dir: string) {
    this.texts = Object.fromEntries(
      LANGUAGES.map((language) => [language, flatten(JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as Catalog)]),
    ) as Record<Language, Map<string, string>>;
    const [first, ...others] = LANGUAGES;
    for (const other of others) {
      const [a, b] = [this.texts[first], this.texts[other]];
      const differ = [...a.keys()].filter((key) => !b.has(key)).concat([...b.keys()].filter((key) => !a.has(key)));
      if (differ.length) throw new Error(`The email texts of ${first} and ${other} differ at ${differ.join(', ')}.`);
      const unlike = [...a.keys()].filter((key) => placeholders(a.get(key)!).join() !== placeholders(b.get(key)!).join());
      if (unlike.length) throw new Error(`The email texts of ${first} and ${other} name different placeholders at ${unlike.join(', ')}.`);
    }
  }

  /** Every text of one language, by key. */
  of(language: Language): ReadonlyMap<string, string> {
    return this.texts[language];
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../../common/languages.js';

/** A message is a text with `{name}` slots, or plural forms keyed by Intl.PluralRules categories. */
type Message = string | { [category: string]: string };
interface Catalog {
  [key: string]: Catalog | Message;
}

const isPlural = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).other === 'string';

/** Every key path of a catalog, plural forms counting as one message. */
export function keyPaths(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' || isPlural(value) ? [path] : keyPaths(value as Catalog, path);
  });
}

/**
 * The page texts, one JSON catalog per language in templates/pages/i18n/. Both catalogs must
 * hold the same keys, so a text missing in Spanish stops the boot rather than showing a hole.
 */
export class PageMessages {
  private readonly catalogs: Record<Language, Catalog>;
  private readonly plurals: Record<Language, Intl.PluralRules>;

  constructor(dir: string) {
    this.catalogs = Object.fromEntries(
      LANGUAGES.map((language) => [language, JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as Catalog]),
    ) as Record<Language, Catalog>;
    this.plurals = Object.fromEntries(LANGUAGES.map((language) => [language, new Intl.PluralRules(language)])) as Record<
      Language,
      Intl.PluralRules
    >;
    const [first, ...others] = LANGUAGES.map((language) => ({ language, keys: new Set(keyPaths(this.catalogs[language])) }));
    for (const other of others) {
      const differ = [...first!.keys].filter((key) => !other.keys.has(key)).concat([...other.keys].filter((key) => !first!.keys.has(key)));
      if (differ.length) throw new Error(`The page texts of ${first!.language} and ${other.language} differ at ${differ.join(', ')}.`);
    }
  }

  has(language: Language, key: string): boolean {
    return this.lookup(language, key) !== undefined;
  }

  /** Whether the text of `key` has `{name}` slots to fill. */
  hasSlots(language: Language, key: string): boolean {
    const message = this.lookup(language, key);
    return message !== undefined && /\{\w+\}/.test(isPlural(message) ? message.other! : message);
  }

  /** The text of `key`, its `{name}` slots filled from `values`; a `count` value picks the plural form. */
  translate(language: Language, key: string, values: Record<string, unknown> = {}): string {
    const message = this.lookup(language, key);
    if (message === undefined) throw new Error(`There is no page text "${key}".`);
    const text = isPlural(message) ? (message[this.plurals[language].select(Number(values.count))] ?? message.other!) : message;
    return text.replace(/\{(\w+)\}/g, (_slot, name: string) => {
      if (values[name] === undefined) throw new Error(`The page text "${key}" needs a value for {${name}}.`);
      return String(values[name]);
    });
  }

  private lookup(language: Language, key: string): Message | undefined {
    let node: Catalog | Message | undefined = this.catalogs[language];
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || isPlural(node)) return undefined;
      node = node[part];
    }
    return typeof node === 'string' || isPlural(node) ? node : undefined;
  }
}

import { LANGUAGES, type Language } from '../../common/languages.js';

export const LANGUAGE_COOKIE = 'lang';

const isPageLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The supported languages an Accept-Language header asks for, best first (`es-MX;q=0.9` counts as `es`). */
function fromAcceptLanguage(header: string | undefined): Language | undefined {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { language: range.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isPageLanguage);
}

export interface LanguageChoice {
  language: Language;
  /** Set when `?lang=` chose it: the choice is to be remembered in the cookie. */
  remember: boolean;
}

/** A `?lang=` link wins and is remembered; then the remembered choice, then the browser's, then English. */
export function chooseLanguage(query: unknown, cookie: string | undefined, acceptLanguage: string | undefined): LanguageChoice {
  if (isPageLanguage(query)) return { language: query, remember: query !== cookie };
  if (isPageLanguage(cookie)) return { language: cookie, remember: false };
  return { language: fromAcceptLanguage(acceptLanguage) ?? 'en', remember: false };
}

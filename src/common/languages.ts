/** The languages Townhall speaks, on its pages and in its emails; each has a catalog under templates/pages/i18n/ and templates/email/i18n/. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

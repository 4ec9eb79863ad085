import { describe, expect, it } from '@jest/globals';
import { chooseLanguage } from './page-language.js';

describe('chooseLanguage', () => {
  it('takes a ?lang= link first and asks to remember it unless the cookie already says so', () => {
    expect(chooseLanguage('es', undefined, 'en-US')).toEqual({ language: 'es', remember: true });
    expect(chooseLanguage('es', 'es', 'en-US')).toEqual({ language: 'es', remember: false });
    expect(chooseLanguage('en', 'es', 'es')).toEqual({ language: 'en', remember: true });
  });

  it("then the remembered choice, then the browser's best supported language, then English", () => {
    expect(chooseLanguage(undefined, 'es', 'en-US')).toEqual({ language: 'es', remember: false });
    expect(chooseLanguage(undefined, undefined, 'es-MX,es;q=0.9,en;q=0.8')).toEqual({ language: 'es', remember: false });
    expect(chooseLanguage(undefined, undefined, 'fr-FR, en;q=0.3, es;q=0.5').language).toBe('es');
    expect(chooseLanguage(undefined, undefined, 'es;q=0, en').language).toBe('en');
    expect(chooseLanguage(undefined, undefined, 'fr, de').language).toBe('en');
    expect(chooseLanguage(undefined, undefined, undefined).language).toBe('en');
  });

  it('ignores languages it does not speak and values that are not one', () => {
    expect(chooseLanguage('fr', 'de', 'es').language).toBe('es');
    expect(chooseLanguage(['es', 'en'], undefined, 'en').language).toBe('en');
    expect(chooseLanguage('ES', undefined, '*').language).toBe('en');
  });
});

import { describe, expect, it } from '@jest/globals';
import { letterLanguage, paragraphsOf } from './message-mail.js';

describe('an organizer message as a letter', () => {
  it('parts paragraphs at blank lines and keeps the lines within one', () => {
    expect(paragraphsOf('Park on Court Street.\r\nThe side door is open.\r\n \r\n\r\nSee you at 6:30.\n')).toEqual([
      ['Park on Court Street.', 'The side door is open.'],
      ['See you at 6:30.'],
    ]);
  });

  it('gives readers of Spanish the Spanish only where it was written', () => {
    expect(letterLanguage('es', true)).toBe('es');
    expect(letterLanguage('es', false)).toBe('en');
    expect(letterLanguage('en', true)).toBe('en');
  });
});

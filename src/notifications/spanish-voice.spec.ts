import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { templatesDir } from '../common/template-files.js';

/** Words of the familiar voice and of the vocabulary templates/pages/i18n/es-glossary.md retired. */
const RETIRED =
  /(?<![\p{L}])(tú|tu|tus|te|ti|contigo|puedes|tienes|quieres|estás|eres|dinos|responde|necesitas|muéstralo|inscripción|inscripciones|inscribirte|inscribirse|evento|eventos|asiento|asientos)(?![\p{L}])/iu;

/** The words a reader sees: Handlebars expressions and HTML tags removed. */
const prose = (source: string) => source.replace(/\{\{[^}]*\}\}/g, ' ').replace(/<[^>]*>/g, ' ');

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
}

describe('Spanish in one voice and one vocabulary', () => {
  it.each(['email', 'pages'])('holds in every Spanish text of templates/%s', (kind) => {
    const texts = strings(JSON.parse(readFileSync(join(templatesDir(kind), 'i18n', 'es.json'), 'utf8')));
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((text) => RETIRED.test(prose(text)))).toEqual([]);
  });
});

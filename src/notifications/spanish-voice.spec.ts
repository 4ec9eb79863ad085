import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { hbsFiles, templatesDir } from '../common/template-files.js';

/** Words of the familiar voice and of the vocabulary templates/pages/i18n/es-glossary.md retired. */
const RETIRED = /(?<![\p{L}])(tú|tu|tus|te|ti|contigo|puedes|tienes|quieres|estás|eres|dinos|responde|necesitas|muéstralo|inscripción|inscripciones|inscribirte|inscribirse|evento|eventos|asiento|asientos)(?![\p{L}])/iu;

/** The words a reader sees: Handlebars expressions and HTML tags removed. */
const prose = (source: string) => source.replace(/\{\{[^}]*\}\}/g, ' ').replace(/<[^>]*>/g, ' ');

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
}

describe('Spanish in one voice and one vocabulary', () => {
  it('holds in every Spanish email', () => {
    const root = templatesDir('email');
    const files = [...hbsFiles(join(root, 'es')), ...hbsFiles(join(root, 'es', 'partials'))];
    expect(files.length).toBeGreaterThan(50);
    const offending = files.filter(([, source]) => RETIRED.test(prose(source))).map(([name, source]) => `${name}: ${RETIRED.exec(prose(source))![0]}`);
    expect(offending).toEqual([]);
  });

  it('holds in every Spanish page text', () => {
    const catalog = JSON.parse(readFileSync(join(templatesDir('pages'), 'i18n', 'es.json'), 'utf8')) as object;
    expect(strings(catalog).filter((text) => RETIRED.test(text))).toEqual([]);
  });
});

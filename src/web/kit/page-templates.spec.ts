import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PageMessages } from './page-messages.js';
import { labelKeys, PageTemplates, type LayoutData } from './page-templates.js';

const LAYOUT: LayoutData = { title: 'T', stylesheet: '/assets/site.css', icon: '/assets/favicon.svg', scripts: [], languages: [] };

/** A templates/pages folder of its own, for testing the renderer apart from the real pages. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pages-'));
  const all = {
    'layout.hbs': '<html lang="{{@language}}">{{{body}}}</html>',
    'i18n/en.json': JSON.stringify({
      hello: 'Hello, {name}',
      seats: { one: '{count} seat', other: '{count} seats' },
      fieldErrors: { invalid: 'Check it', isEmail: 'Not an email' },
    }),
    'i18n/es.json': JSON.stringify({
      hello: 'Hola, {name}',
      seats: { one: '{count} lugar', other: '{count} lugares' },
      fieldErrors: { invalid: 'Revíselo', isEmail: 'No es un correo' },
    }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('PageTemplates', () => {
  it('renders a page into the layout in the language asked for, escaping values and texts alike', () => {
    const templates = new PageTemplates(
      fixture({ 'greet.hbs': '<p>{{t "hello" name=name}} · {{t "seats" count=n}} · {{@csrfToken}}</p>' }),
    );
    const render = (language: 'en' | 'es', n: number) =>
      templates.render('greet', { name: '<b>Ana</b>', n }, { language, csrfToken: 'tok' }, LAYOUT);
    expect(render('en', 1)).toBe('<html lang="en"><p>Hello, &lt;b&gt;Ana&lt;/b&gt; · 1 seat · tok</p></html>');
    expect(render('es', 3)).toBe('<html lang="es"><p>Hola, &lt;b&gt;Ana&lt;/b&gt; · 3 lugares · tok</p></html>');
  });

  it("formats times in the event's zone and the page's language, and field errors with a fallback", () => {
    const templates = new PageTemplates(
      fixture({
        'when.hbs': '{{timeRange start end zone}} | {{datetime start zone}} | {{fieldError "isEmail"}} | {{fieldError "isUUID"}}',
      }),
    );
    const data = { start: '2030-12-05T18:30:00-08:00', end: '2030-12-05T20:30:00-08:00', zone: 'America/Los_Angeles' };
    const en = templates.render('when', data, { language: 'en', csrfToken: '' }, LAYOUT);
    expect(en).toMatch(
      /Thursday, December 5, 2030, 6:30\s–\s8:30\sPM PST \| Thursday, December 5, 2030 at 6:30\sPM PST \| Not an email \| Check it/,
    );
    const es = templates.render('when', data, { language: 'es', csrfToken: '' }, LAYOUT);
    expect(es).toMatch(/jueves, 5 de diciembre de 2030, 18:30–20:30 hora estándar del Pacífico .* No es un correo \| Revíselo/);
  });

  it('stops at start-up on a broken template, and at render time on a missing text', () => {
    expect(() => new PageTemplates(fixture({ 'broken.hbs': '{{#if x}}never closed' }))).toThrow();
    const templates = new PageTemplates(fixture({ 'typo.hbs': '{{t "helo"}}', 'slot.hbs': '{{t "hello"}}' }));
    expect(() => templates.render('typo', {}, { language: 'en', csrfToken: '' }, LAYOUT)).toThrow('There is no page text "helo"');
    expect(() => templates.render('slot', {}, { language: 'en', csrfToken: '' }, LAYOUT)).toThrow('needs a value for {name}');
  });

  it('refuses catalogs whose keys differ between languages', () => {
    const root = fixture({ 'i18n/es.json': JSON.stringify({ hello: 'Hola', extra: 'Más' }) });
    expect(() => new PageMessages(join(root, 'i18n'))).toThrow(/differ at seats, fieldErrors.invalid, fieldErrors.isEmail, extra/);
  });

  it("finds a nested field's label under its camel-cased path, then under its own name", () => {
    expect(labelKeys('email')).toEqual(['email']);
    expect(labelKeys('venue.name')).toEqual(['venue.name', 'venueName', 'name']);
    expect(labelKeys('questions.moderation')).toEqual(['questions.moderation', 'questionsModeration', 'moderation']);
    const templates = new PageTemplates(
      fixture({
        'i18n/en.json': JSON.stringify({
          fields: { venueName: 'Venue', moderation: 'Moderation' },
          fieldErrors: { invalid: 'Check it', isNotEmpty: 'Fill it in' },
        }),
        'i18n/es.json': JSON.stringify({
          fields: { venueName: 'Lugar', moderation: 'Moderación' },
          fieldErrors: { invalid: 'Revíselo', isNotEmpty: 'Rellénelo' },
        }),
        'summary.hbs': '{{#each (errorSummary errors "fields")}}[{{label}}: {{message}}]{{/each}}',
      }),
    );
    const errors = { 'venue.name': 'isNotEmpty', 'questions.moderation': 'isIn', 'subject.en': 'isNotEmpty' };
    expect(templates.render('summary', { errors }, { language: 'es', csrfToken: '' }, LAYOUT)).toBe(
      '<html lang="es">[Lugar: Rellénelo][Moderación: Revíselo][: Rellénelo]</html>',
    );
  });
});

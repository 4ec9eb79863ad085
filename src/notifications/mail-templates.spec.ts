import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { LANGUAGES } from '../common/languages.js';
import { templatesDir } from '../common/template-files.js';
import { MailTemplates } from './mail-templates.js';
import { MailTexts, placeholders } from './mail-texts.js';

function templateRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'townhall-templates-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

const TEXTS = {
  en: {
    footer: 'Townhall',
    starts: { subject: '{{title}}\non {{datetime startsAt timezone}}', body: '{{title}} starts {{datetime startsAt timezone}}' },
    range: { subject: 'x' },
    mail: { subject: 'Write to {{mailto contactEmail}}' },
  },
  es: {
    footer: 'Townhall',
    starts: { subject: '{{title}}\nel {{datetime startsAt timezone}}', body: '{{title}} empieza el {{datetime startsAt timezone}}' },
    range: { subject: 'x' },
    mail: { subject: 'Escriba a {{mailto contactEmail}}' },
  },
};

const FILES = {
  'layout.html.hbs': '<html lang="{{language}}"><title>{{subject}}</title>{{{body}}}{{t "footer"}}</html>',
  'layout.text.hbs': '{{{body}}}\n-- {{t "footer"}}',
  'partials/paragraph.hbs': '{{#if @html}}<p>{{> @partial-block}}</p>{{else}}{{> @partial-block}}{{/if}}',
  'starts.hbs': '{{#> paragraph}}{{t "starts.body"}}{{/paragraph}}',
  'range.hbs': '{{daterange startsAt endsAt timezone}}',
  'mail.hbs': '{{#> paragraph}}{{t "mail.subject"}}{{/paragraph}}',
};

const withTexts = (texts: object, files: Record<string, string> = FILES) =>
  templateRoot({
    ...files,
    'i18n/en.json': JSON.stringify((texts as typeof TEXTS).en),
    'i18n/es.json': JSON.stringify((texts as typeof TEXTS).es),
  });

const STARTS = '2025-09-11T22:30:00Z';

describe('MailTemplates', () => {
  const templates = new MailTemplates(withTexts(TEXTS));

  it("writes one template in the reader's words, dates in the given zone and the reader's language", () => {
    const data = { title: 'Forum', startsAt: STARTS, timezone: 'America/New_York' };
    expect(templates.render('starts', 'en', data).text).toBe('Forum starts Thursday, September 11, 2025 at 6:30 PM EDT\n-- Townhall\n');
    expect(templates.render('starts', 'es', data).text).toMatch(
      /^Forum empieza el jueves, 11 de septiembre de 2025, 18:30 hora de verano oriental/,
    );
    expect(templates.render('starts', 'en', data).html).toBe(
      '<html lang="en"><title>Forum on Thursday, September 11, 2025 at 6:30 PM EDT</title><p>Forum starts Thursday, September 11, 2025 at 6:30 PM EDT</p>Townhall</html>',
    );
  });

  it('says the day of a start and end once when they share it, in the given zone', () => {
    // ICU puts thin spaces around the dash.
    const range = (endsAt: string) =>
      templates.render('range', 'en', { startsAt: STARTS, endsAt, timezone: 'America/New_York' }).text.replace(/\s/g, ' ');
    expect(range('2025-09-12T00:30:00Z')).toContain('Thursday, September 11, 2025, 6:30 – 8:30 PM EDT');
    expect(range('2025-09-13T00:30:00Z')).toMatch(
      /^Thursday, September 11, 2025 at 6:30 PM EDT – Friday, September 12, 2025 at 8:30 PM EDT/,
    );
  });

  it('escapes values in HTML only, texts included, and keeps the subject on one line', () => {
    const rendered = templates.render('starts', 'en', { title: '<script>"x"</script>', startsAt: STARTS, timezone: 'UTC' });
    expect(rendered.html).toContain('<title>&lt;script&gt;&quot;x&quot;&lt;/script&gt; on Thursday');
    expect(rendered.html).toContain('<p>&lt;script&gt;');
    expect(rendered.text).toContain('<script>"x"</script> starts');
    expect(rendered.subject).toBe('<script>"x"</script> on Thursday, September 11, 2025 at 10:30 PM UTC');
  });

  it('marks up a value in HTML and leaves it plain in the text', () => {
    const rendered = templates.render('mail', 'es', { contactEmail: 'a<b@example.org' });
    expect(rendered.html).toContain('<p>Escriba a <a href="mailto:a&lt;b@example.org" style="color:#1f5f8b;">a&lt;b@example.org</a></p>');
    expect(rendered.text).toBe('Escriba a a<b@example.org\n-- Townhall\n');
  });

  it('refuses data that lacks a field the template names, and unknown templates', () => {
    expect(() => templates.render('starts', 'en', { startsAt: STARTS, timezone: 'UTC' })).toThrow(/"title" not defined/);
    expect(() => templates.render('starts', 'en', { title: 'Forum', timezone: 'UTC' })).toThrow('The datetime helper needs a date');
    expect(() => templates.render('nope', 'en', {})).toThrow('There is no email template "nope".');
  });

  it('stops at start-up on a broken template or a message without a subject', () => {
    expect(() => new MailTemplates(withTexts(TEXTS, { ...FILES, 'broken.hbs': '{{#if x}}never closed' }))).toThrow();
    expect(() => new MailTemplates(withTexts(TEXTS, { ...FILES, 'untitled.hbs': 'x' }))).toThrow(
      'The email untitled has no text "untitled.subject".',
    );
  });
});

describe('MailTexts', () => {
  const dir = (texts: object) => join(withTexts(texts), 'i18n');

  it('refuses catalogs whose keys differ between languages', () => {
    const es = { ...TEXTS.es, extra: 'Más', range: {} };
    expect(() => new MailTexts(dir({ en: TEXTS.en, es }))).toThrow('The email texts of en and es differ at range.subject, extra.');
  });

  it('refuses a text whose placeholders differ between languages: a value, a condition or a helper', () => {
    for (const body of [
      '{{title}} empieza',
      '{{title}} empieza el {{datetime startsAt zone}}',
      '{{#if x}}{{title}}{{/if}} empieza el {{datetime startsAt timezone}}',
    ]) {
      expect(() => new MailTexts(dir({ en: TEXTS.en, es: { ...TEXTS.es, starts: { ...TEXTS.es.starts, body } } }))).toThrow(
        'The email texts of en and es name different placeholders at starts.body.',
      );
    }
  });

  it('names what a text needs', () => {
    expect(placeholders('{{#if hadInvite}}Hi {{strong name}}{{else}}{{t "party"}}{{/if}}')).toEqual([
      'hadInvite',
      'if',
      'name',
      'strong',
      't',
    ]);
  });
});

const keys = (node: unknown, prefix: string): string[] =>
  typeof node === 'string'
    ? [prefix]
    : Object.entries(node as object).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));

const texts = (node: unknown): string[] => (typeof node === 'string' ? [node] : Object.values(node as object).flatMap(texts));

describe('the real emails', () => {
  const root = templatesDir('email');

  it('render every message in every language, words and values all found', () => {
    const templates = new MailTemplates();
    const event = {
      title: 'Forum',
      organizationName: 'Neighbors',
      startsAt: STARTS,
      endsAt: STARTS,
      timezone: 'UTC',
      place: 'Hall',
      accessibilityNotes: null,
      onlineUrl: null,
      interpretation: null,
      url: null,
    };
    const data = {
      name: 'Ana',
      memberName: 'Ana',
      inviterName: 'Bo',
      organizationName: 'Neighbors',
      role: 'moderator',
      link: 'https://x.example',
      expiresInDays: 7,
      expiresInMinutes: 60,
      event,
      message: { subject: 'S', text: 'T', paragraphs: [['T']] },
      contactEmail: null,
      manageUrl: 'https://x.example/m',
      moderator: true,
      affiliation: null,
      hadInvite: true,
      hasInvite: true,
      reason: 'R',
      changes: { time: null, zone: null, place: null, online: null },
      panelUrl: 'https://x.example/p',
      announced: true,
      questions: { enabled: true, premoderated: true },
      questionsEnabled: true,
      checkInCode: 'AB12',
      partySize: 2,
      position: 1,
      capacity: 1,
      confirmed: true,
      byOrganizers: false,
      timeChanged: true,
      zoneOnly: false,
      placeChanged: false,
      onlineChanged: false,
      previousStartsAt: STARTS,
      previousTimezone: 'UTC',
    };
    const messages = readdirSync(root)
      .filter((file) => /^(?!layout\.).*\.hbs$/.test(file))
      .map((file) => file.replace('.hbs', ''));
    expect(messages).toHaveLength(22);
    for (const message of messages) {
      for (const language of LANGUAGES) {
        const rendered = templates.render(message, language, data);
        expect([message, language, rendered.subject.length > 0, rendered.text.includes('{'), rendered.html.includes('{')]).toEqual([
          message,
          language,
          true,
          false,
          false,
        ]);
      }
    }
  });

  it('use no text that no template or text asks for', () => {
    const catalog = JSON.parse(readFileSync(join(root, 'i18n', 'en.json'), 'utf8')) as Record<string, unknown>;
    const sources = [root, join(root, 'partials')]
      .flatMap((folder) =>
        readdirSync(folder)
          .filter((file) => file.endsWith('.hbs'))
          .map((file) => readFileSync(join(folder, file), 'utf8')),
      )
      .concat(texts(catalog))
      .join('\n');
    const messages = new Set(
      readdirSync(root)
        .filter((file) => file.endsWith('.hbs'))
        .map((file) => file.replace('.hbs', '')),
    );
    const unused = keys(catalog, '').filter((key) => {
      const [group, last] = [key.split('.').slice(0, -1).join('.'), key.split('.').at(-1)];
      if (last === 'subject' && messages.has(group)) return false;
      // `{{t "member-invitation.roles" role}}` names a section; the value picks the text.
      return !sources.includes(`"${key}"`) && !sources.includes(`'${key}'`) && !sources.includes(`"${group}" `);
    });
    expect(unused).toEqual([]);
  });
});

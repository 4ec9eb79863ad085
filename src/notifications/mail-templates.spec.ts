import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MailTemplates } from './mail-templates.js';

function templateRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'townhall-templates-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

const LAYOUTS = {
  'layout.html.hbs': '<html lang="{{language}}"><title>{{subject}}</title>{{{body}}}{{> footer-html}}</html>',
  'layout.text.hbs': '{{{body}}}\n-- {{> footer-text}}',
  'en/partials/footer-html.hbs': 'Townhall',
  'en/partials/footer-text.hbs': 'Townhall',
  'es/partials/footer-html.hbs': 'Townhall',
  'es/partials/footer-text.hbs': 'Townhall',
};

const STARTS = '2025-09-11T22:30:00Z';

describe('MailTemplates', () => {
  const templates = new MailTemplates(
    templateRoot({
      ...LAYOUTS,
      'en/starts.subject.hbs': '{{title}}\non {{datetime startsAt timezone}}',
      'en/starts.html.hbs': '<p>{{title}} starts {{datetime startsAt timezone}}</p>',
      'en/starts.text.hbs': '{{title}} starts {{datetime startsAt timezone}}',
      'es/starts.subject.hbs': '{{title}}',
      'es/starts.html.hbs': '<p>{{title}} empieza el {{datetime startsAt timezone}}</p>',
      'es/starts.text.hbs': '{{title}} empieza el {{datetime startsAt timezone}}',
      'en/range.subject.hbs': 'x',
      'en/range.html.hbs': 'x',
      'en/range.text.hbs': '{{daterange startsAt endsAt timezone}}',
    }),
  );

  it('formats dates in the given zone and the reader\'s language', () => {
    const data = { title: 'Forum', startsAt: STARTS, timezone: 'America/New_York' };
    expect(templates.render('starts', 'en', data).text).toContain('Forum starts Thursday, September 11, 2025 at 6:30 PM EDT');
    expect(templates.render('starts', 'es', data).text).toMatch(/Forum empieza el jueves, 11 de septiembre de 2025, 18:30 hora de verano oriental/);
  });

  it('says the day of a start and end once when they share it, in the given zone', () => {
    // ICU puts thin spaces around the dash.
    const range = (endsAt: string) => templates.render('range', 'en', { startsAt: STARTS, endsAt, timezone: 'America/New_York' }).text.replace(/\s/g, ' ');
    expect(range('2025-09-12T00:30:00Z')).toContain('Thursday, September 11, 2025, 6:30 – 8:30 PM EDT');
    expect(range('2025-09-13T00:30:00Z')).toMatch(/^Thursday, September 11, 2025 at 6:30 PM EDT – Friday, September 12, 2025 at 8:30 PM EDT/);
  });

  it('escapes values in HTML only, and keeps the subject on one line', () => {
    const rendered = templates.render('starts', 'en', { title: '<script>"x"</script>', startsAt: STARTS, timezone: 'UTC' });
    expect(rendered.html).toContain('<title>&lt;script&gt;&quot;x&quot;&lt;/script&gt; on Thursday');
    expect(rendered.html).toContain('<p>&lt;script&gt;');
    expect(rendered.text).toContain('<script>"x"</script> starts');
    expect(rendered.subject).toBe('<script>"x"</script> on Thursday, September 11, 2025 at 10:30 PM UTC');
  });

  it('refuses data that lacks a field the template names, and unknown templates', () => {
    expect(() => templates.render('starts', 'en', { startsAt: STARTS, timezone: 'UTC' })).toThrow(/"title" not defined/);
    expect(() => templates.render('starts', 'en', { title: 'Forum', timezone: 'UTC' })).toThrow('The datetime helper needs a date');
    expect(() => templates.render('nope', 'en', {})).toThrow('There is no email template "nope" in "en".');
  });

  it('stops at start-up when a template lacks one of its parts', () => {
    const root = templateRoot({ ...LAYOUTS, 'en/broken.subject.hbs': 'x', 'en/broken.text.hbs': 'x' });
    expect(() => new MailTemplates(root)).toThrow('The email template en/broken.html is missing.');
  });

  it('loads the real templates in both languages', () => {
    const real = new MailTemplates();
    expect(real.has('member-invitation', 'en') && real.has('member-invitation', 'es')).toBe(true);
  });
});

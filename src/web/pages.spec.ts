import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { templatesDir } from '../common/template-files.js';
import type { EventPublicView } from '../events/dto/event.views.js';
import { keyPaths } from './kit/page-messages.js';
import { PageTemplates, type LayoutData } from './kit/page-templates.js';
import { eventPageData } from './public/event-page-data.js';

const LAYOUT: LayoutData = { title: 'T', stylesheet: '/assets/site.css', icon: '/assets/favicon.svg', scripts: [], languages: [] };

describe('the real pages', () => {
  const root = templatesDir('pages');
  const catalog = JSON.parse(readFileSync(join(root, 'i18n', 'en.json'), 'utf8'));
  const keys = new Set(keyPaths(catalog));
  const sources = [root, join(root, 'partials'), join(root, 'console')].flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => ({ file, source: readFileSync(join(dir, file), 'utf8') })),
  );

  it('compile, with the same texts in English and Spanish', () => {
    expect(() => new PageTemplates()).not.toThrow();
  });

  it('show the RSVP form again with the values kept and each error beside its field, in both languages', () => {
    const event = {
      slug: 'forum-2030-12-05',
      title: 'Forum',
      status: 'published',
      questions: { enabled: true },
      startsAt: '2030-12-05T18:30:00-08:00',
      endsAt: '2030-12-05T20:30:00-08:00',
      timezone: 'America/Los_Angeles',
      organization: { name: 'Coalition', slug: 'coalition' },
      languages: [],
      panelists: [],
      maxPartySize: 4,
      rsvpContact: 'email-required',
      waitlistEnabled: true,
      seats: { capacity: 10, availability: 'waitlist' },
    };
    const form = {
      values: { name: '<Ana>', email: 'not-an-email', partySize: '9', language: 'es', accessibilityNeeds: 'Ramp' },
      errors: { name: 'isLength', email: 'isEmail', partySize: 'max', language: 'isIn', accessibilityNeeds: 'maxLength' },
    };
    const templates = new PageTemplates();
    const data = { ...eventPageData(event as unknown as EventPublicView, new Date('2026-12-02T00:00:00Z')), form };
    const html = templates.render('event', data, { language: 'en', csrfToken: 'tok' }, LAYOUT);
    for (const text of [
      'Use 1 to 200 characters.',
      'Enter an email address',
      'Enter 4 or fewer.',
      'Choose one of the options.',
      'Use at most 1000 characters.',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('value="&lt;Ana&gt;"');
    expect(html).toContain('<option value="es" lang="es" selected>');
    expect(html).toContain('Join the waitlist');
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(5);
    expect(html).toContain('aria-describedby="field-email-hint field-email-error"');
    // The summary at the top of the form links to each field by its label, in the field's own words.
    const summary = html.slice(html.indexOf('data-error-summary'), html.indexOf('</ul>', html.indexOf('data-error-summary')));
    expect(summary).toContain('<a href="#field-email">Email: Enter an email address, like name@example.org.</a>');
    expect(summary).toContain('<a href="#field-partySize">Number of people, including you: Enter 4 or fewer.</a>');
    expect(summary.match(/<li>/g)).toHaveLength(5);
    const es = templates.render('event', data, { language: 'es', csrfToken: 'tok' }, LAYOUT);
    expect(es).toContain('Escriba 4 o menos.');
    expect(es).toContain('<a href="#field-name">Su nombre: ');
  });

  it('use only texts that exist (a key with more parts must at least name a group)', () => {
    let checked = 0;
    for (const { file, source } of sources) {
      // The helper `t`, not a word ending in t (`current "overview"`).
      for (const [, key, more] of source.matchAll(/(?<![\w.])\(?t "([\w.-]+)"( (?![\w.@]+=)[\w.@]+)?/g)) {
        const known = more ? [...keys].some((path) => path.startsWith(`${key}.`)) : keys.has(key!);
        expect({ file, key, known }).toEqual({ file, key, known: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

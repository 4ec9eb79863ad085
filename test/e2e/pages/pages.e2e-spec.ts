import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ARTIFACTS_DIR,
  fitsWidth,
  foreignRequests as foreign,
  measurePageWeight,
  screenshots,
  seriousA11yViolations,
  TestBrowser,
} from '../../support/browser.js';
import { eventBody, newEvent, newPublishedEvent } from '../../support/event-factory.js';
import { EMAIL_LIKE, newForum } from '../../support/pages.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';

describe('public pages in a browser', () => {
  let t: TestApp;
  let org: SignedUp;
  let browser: TestBrowser;
  let forum: Awaited<ReturnType<typeof newForum>>;
  beforeAll(async () => {
    t = await TestApp.start();
    browser = await TestBrowser.launch();
    org = await t.newOrganization('Broome Residents Coalition');
    forum = await newForum(t, org);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the forum in English, in its own time zone, with the public panel, no email and nothing from elsewhere', async () => {
    // The browser is in Tokyo: the page must still say Pacific time.
    const { context, page, requested } = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    const response = await page.goto(`${t.baseUrl}/events/${forum.event.slug}`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe(`${forum.event.title} · Townhall`);
    const text = await page.innerText('main');
    expect(text).toMatch(/Thursday, December 5, 2030, 6:30\s*–\s*8:30\s*PM PST/);
    for (const expected of [
      'Hosted by Broome Residents Coalition',
      'United Presbyterian Church, Fellowship hall',
      'Step-free entrance on Main Street; hearing loop in the hall.',
      'https://stream.example.org/forum',
      'English, Spanish',
      'Spanish and ASL interpretation',
      'Seats available',
      'Ana Abogada',
      'Legal Aid of the Southern Tier',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Pedro Pendiente');
    const html = await page.content();
    expect(html).not.toMatch(EMAIL_LIKE);
    expect(html).not.toContain(forum.attorney.token);

    const calendar = await page.getByRole('link', { name: 'Add to my calendar (.ics file)' }).getAttribute('href');
    expect(calendar).toBe(`/api/events/${forum.event.slug}/event.ics`);
    const ics = await t.api.get(calendar!);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);

    // The RSVP form: every control the API names, each with a visible label.
    const form = page.locator(`form[action="/events/${forum.event.slug}/rsvp"]`);
    for (const [label, name] of [
      ['Your name', 'name'],
      ['Email', 'email'],
      ['Number of people, including you', 'partySize'],
      ['Language for your emails', 'language'],
      ['Accessibility needs (optional)', 'accessibilityNeeds'],
    ]) {
      const control = form.getByLabel(label, { exact: true });
      expect(await control.getAttribute('name')).toBe(name);
      expect(await control.isVisible()).toBe(true);
    }
    expect(await form.getByLabel('Language for your emails').inputValue()).toBe('en');
    expect(await form.getByLabel('Number of people, including you').getAttribute('max')).toBe('4');

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'event-en');
    expect(await fitsWidth(page)).toBe(true);
    expect(foreign(requested, t.baseUrl)).toEqual([]);
    expect(requested.some((url) => url.includes('/assets/site.css?v='))).toBe(true);
    await context.close();
  });

  it('speaks Spanish to a Spanish browser, and remembers a switch made with the language link', async () => {
    const spanish = await browser.newContext({ locale: 'es-MX' });
    await spanish.page.goto(`${t.baseUrl}/events/${forum.event.slug}`);
    expect(await spanish.page.getAttribute('html', 'lang')).toBe('es');
    const text = await spanish.page.innerText('main');
    expect(text).toMatch(/jueves, 5 de diciembre de 2030, 18:30\s*–\s*20:30 hora estándar del Pacífico/);
    for (const expected of ['Organizado por', 'Hay lugares disponibles', 'inglés, español', 'Reserve un lugar', 'Su nombre']) {
      expect(text).toContain(expected);
    }
    expect(await spanish.page.getByLabel('Idioma de sus correos').inputValue()).toBe('es');
    expect(await seriousA11yViolations(spanish.page)).toEqual([]);
    await screenshots(spanish.page, 'event-es');
    await spanish.context.close();

    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${forum.event.slug}`);
    await page.getByRole('link', { name: 'Español' }).click();
    await page.waitForURL(/\?lang=es$/);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.getByRole('link', { name: 'Townhall' }).click();
    await page.waitForURL(`${t.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.innerText('h1')).toBe('Próximos foros');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\?lang=en$/);
    expect(await page.innerText('h1')).toBe('Upcoming forums');
    await context.close();
  });

  it('lists upcoming published forums by start, without drafts or ended ones', async () => {
    const sooner = await newPublishedEvent(t, org.token, eventBody({ title: 'Sooner forum' }, 3));
    await newEvent(t, org.token, { title: 'Draft forum' });
    const ended = await newPublishedEvent(t, org.token, { title: 'Ended forum' });
    await t.sql(`UPDATE events SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [ended.id]);
    const { context, page, requested } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/`);
    const titles = await page.locator('.card h2').allInnerTexts();
    expect(titles.indexOf(sooner.title)).toBeGreaterThanOrEqual(0);
    expect(titles.indexOf(sooner.title)).toBeLessThan(titles.indexOf(forum.event.title));
    expect(titles).not.toContain('Draft forum');
    expect(titles).not.toContain('Ended forum');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'home');
    await page.getByRole('link', { name: forum.event.title }).click();
    await page.waitForURL(`${t.baseUrl}/events/${forum.event.slug}`);
    expect(foreign(requested, t.baseUrl)).toEqual([]);
    await context.close();
  });

  it('takes keyboard users to the skip link first and on to the form, with a visible focus ring', async () => {
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${forum.event.slug}`);
    const focused = () =>
      page.evaluate(`(() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        return { name: element.getAttribute('name'), text: element.textContent.trim(), outline: style.outlineStyle, width: style.outlineWidth };
      })()`) as Promise<{ name: string | null; text: string; outline: string; width: string }>;
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ name: null, text: 'Skip to main content', outline: 'solid', width: '3px' });
    for (let presses = 0; presses < 30 && (await focused()).name !== 'name'; presses++) await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ name: 'name', outline: 'solid', width: '3px' });
    await screenshots(page, 'event-focus');
    await context.close();
  });

  it('says "not found" in the reader\'s language for unknown slugs and drafts', async () => {
    const draft = await newEvent(t, org.token, { title: 'Secret draft' });
    for (const slug of ['no-such-forum', draft.slug, draft.id]) {
      const response = await t.api.get(`/events/${slug}`, { headers: { 'accept-language': 'es-ES,es;q=0.9' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.text).toContain('<html lang="es">');
      expect(response.text).toContain('Página no encontrada');
      expect(response.text).not.toContain('Secret draft');
    }
    const { context, page } = await browser.newContext({ locale: 'en-GB' });
    expect((await page.goto(`${t.baseUrl}/events/no-such-forum`))?.status()).toBe(404);
    expect(await page.innerText('h1')).toBe('Page not found');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'not-found');
    await context.close();
  });

  it('shows a cancelled forum with its reason and without the form', async () => {
    const { event } = await newForum(t, org, { title: 'Cancelled forum' });
    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'The church hall flooded.' }, { token: org.token });
    const response = await t.api.get(`/events/${event.slug}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('This forum has been cancelled.');
    expect(response.text).toContain('Reason: The church hall flooded.');
    expect(response.text).not.toContain('name="partySize"');
    expect(response.text).not.toContain('Save a seat');
  });

  it('weighs the forum page', async () => {
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    const weight = await measurePageWeight(context, page, `${t.baseUrl}/events/${forum.event.slug}`);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(join(ARTIFACTS_DIR, 'page-weight.json'), `${JSON.stringify(weight, null, 2)}\n`);
    console.log(
      `Page weight of /events/:slug: ${weight.transferredBytes} bytes transferred, ${weight.bodyBytes} bytes of bodies`,
      weight.resources,
    );
    expect(weight.resources.map((resource) => resource.url).sort()).toEqual([
      '/assets/favicon.svg',
      '/assets/forms.js',
      '/assets/site.css',
      `/events/${forum.event.slug}`,
    ]);
    expect(weight.transferredBytes).toBeLessThan(30_000);
    await context.close();
  });
});

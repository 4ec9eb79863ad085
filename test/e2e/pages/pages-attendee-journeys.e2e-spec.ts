import { describe, expect, it } from '@jest/globals';
import { request, type Page } from 'playwright-core';
import { foreignRequests, screenshots, seriousA11yViolations } from '../../support/browser.js';
import { newPublishedEvent } from '../../support/event-factory.js';
import { FORUM, mailedAppAndBrowser, newForum } from '../../support/pages.js';
import { QaFactory } from '../../support/questions.js';
import { booked, rsvpBody, rsvpRows } from '../../support/rsvps.js';

/** Issue 14, items 1, 2 and 4, walked on a phone (390 px wide) as the people who tripped over them. */
describe('what attendees tripped over, walked again in a browser on a phone', () => {
  const suite = mailedAppAndBrowser('Broome Residents Coalition');

  const activeElementId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id') as Promise<string>;
  /** Whether the element's top is on the screen the reader is looking at. */
  const onScreen = (page: Page, selector: string) =>
    page.locator(selector).evaluate((element) => {
      const top = (element as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top;
      return top >= 0 && top < (globalThis as unknown as { innerHeight: number }).innerHeight;
    });

  async function fillRsvp(page: Page, email: string) {
    await page.getByLabel('Your name').fill('Rosa Residente');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Number of people, including you').fill('2');
    await page.getByLabel('Accessibility needs (optional)').fill('A seat near the interpreter');
  }

  it('1. a refused form comes back with a focused summary on screen that links to each field, its values kept', async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org);
    const { context, page, requested } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    await fillRsvp(page, 'rosa@gmail'); // the browser accepts it; the server does not
    await page.getByRole('button', { name: 'Save my seat' }).click();
    await page.waitForLoadState();

    expect(await page.title()).toBe(`Error: ${event.title} · Townhall`);
    expect(await activeElementId(page)).toBe('error-summary');
    expect(await onScreen(page, '#error-summary')).toBe(true);
    const summary = page.locator('#error-summary');
    expect(await summary.getByRole('heading').innerText()).toBe('There is a problem with what you sent');
    const email = page.getByLabel('Email', { exact: true });
    expect(await email.inputValue()).toBe('rosa@gmail');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Rosa Residente');
    expect(await page.getByLabel('Accessibility needs (optional)').inputValue()).toBe('A seat near the interpreter');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy.at(-1)}`).innerText()).toBe('Enter an email address, like name@example.org.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'rsvp-errors');

    await summary.getByRole('link', { name: 'Email: Enter an email address, like name@example.org.' }).click();
    expect(await activeElementId(page)).toBe('field-email');
    await email.fill(t.uniqueEmail('rosa'));
    await page.getByRole('button', { name: 'Save my seat' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/sent`);
    await sink.waitFor((mail) => mail.subject.includes(event.title));
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
    await context.close();

    const spanish = await suite.browser.newContext({ locale: 'es-US' });
    await spanish.page.goto(`${t.baseUrl}/events/${event.slug}`);
    await spanish.page.getByLabel('Su nombre').fill('Rosa Residente');
    await spanish.page.getByLabel('Correo electrónico', { exact: true }).fill('rosa@gmail');
    await spanish.page.getByRole('button', { name: 'Reservar mi lugar' }).click();
    await spanish.page.waitForLoadState();
    expect(await spanish.page.title()).toBe(`Error: ${event.title} · Townhall`);
    expect(await activeElementId(spanish.page)).toBe('error-summary');
    expect(await spanish.page.locator('#error-summary').innerText()).toMatch(
      /^Hay un problema con lo que envió\s+Correo electrónico: Escriba una dirección de correo/,
    );
    expect(await seriousA11yViolations(spanish.page)).toEqual([]);
    await screenshots(spanish.page, 'rsvp-errors-es');
    await spanish.context.close();
  });

  it('1. a form whose cookie expired, and a browser that blocks cookies, still RSVP with what was typed', async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org);

    const expired = await suite.browser.newContext({ locale: 'en-US' });
    await expired.page.goto(`${t.baseUrl}/events/${event.slug}`);
    const first = t.uniqueEmail('expired');
    await fillRsvp(expired.page, first);
    await expired.context.clearCookies(); // the browser was closed and reopened on the same tab
    await expired.page.getByRole('button', { name: 'Save my seat' }).click();
    await expired.page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/sent`);
    await sink.waitFor(sink.to(first));
    await expired.context.close();

    // Every Set-Cookie is dropped before the browser sees it, as a browser that blocks cookies does
    // (the form's POST goes out from the browser itself, with the headers it would send).
    // The pages are fetched apart from the browser's cookie jar, which route.fetch() would share.
    const blocking = await suite.browser.newContext({ locale: 'en-US' });
    const outside = await request.newContext();
    await blocking.context.route('**/*', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await outside.fetch(route.request());
      const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => name !== 'set-cookie'));
      await route.fulfill({ status: response.status(), headers, body: await response.body() });
    });
    await blocking.page.goto(`${t.baseUrl}/events/${event.slug}`);
    const second = t.uniqueEmail('no-cookies');
    await fillRsvp(blocking.page, second);
    expect(await blocking.context.cookies()).toEqual([]);
    const [post] = await Promise.all([
      blocking.page.waitForRequest((request) => request.method() === 'POST'),
      blocking.page.getByRole('button', { name: 'Save my seat' }).click(),
    ]);
    expect((await post.allHeaders()).cookie).toBeUndefined();
    await blocking.page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/sent`);
    await sink.waitFor(sink.to(second));
    await blocking.context.close();
    await outside.dispose();

    const rows = await rsvpRows(t, event.id);
    expect(rows.map((row) => [row.email, row.party_size, row.status])).toEqual([
      [first, 2, 'confirmed'],
      [second, 2, 'confirmed'],
    ]);
  });

  it('2. the forum page offers, near the top, a jump to the form, its live Q&A, and a map link that loads nothing until followed', async () => {
    const { t, org } = suite.mailed;
    const { event } = await newForum(t, org);
    const { context, page, requested } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    const jump = page.getByRole('link', { name: 'Save a seat' });
    expect(await onScreen(page, 'a[href="#rsvp"]')).toBe(true);
    const map = page.getByRole('link', { name: 'Open this address in a map (OpenStreetMap)' });
    expect(await map.getAttribute('href')).toBe(`https://www.openstreetmap.org/search?query=${encodeURIComponent(FORUM.venue.address)}`);
    expect(await map.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'event-ways-in');

    await jump.click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}#rsvp`);
    expect(await onScreen(page, '#rsvp-heading')).toBe(true);
    await page.getByRole('link', { name: 'Questions for the panel: ask and vote' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/questions`);
    expect(await page.innerText('h1')).toBe('Questions for the panel');
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]); // the map link was shown, never followed
    await context.close();
  });

  it('4. a cancelled RSVP shows no code for the door; a cancelled forum offers no calendar, seats, form or panel to come', async () => {
    const { t, sink, org } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, title: 'A forum that was called off' });
    const [leaving, staying] = await booked(t, sink, event.id, [rsvpBody(t), rsvpBody(t)]);
    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/rsvp/${leaving}`);
    expect(await page.locator('.code').count()).toBe(1);
    await page.getByRole('link', { name: 'Cancel my RSVP' }).click();
    await page.getByRole('button', { name: 'Yes, cancel my RSVP' }).click();
    await page.waitForURL(`${t.baseUrl}/rsvp/${leaving}`);
    let main = await page.innerText('main');
    expect(main).toContain('You cancelled this RSVP.');
    expect(await page.getByRole('img').count()).toBe(0);
    expect(main).not.toContain('Your check-in code');
    expect(main).not.toContain('at the door');
    expect(main).not.toContain('Add to my calendar');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'attendee-cancelled');

    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'The church hall flooded.' }, { token: org.token });
    for (const path of [`/events/${event.slug}`, `/rsvp/${staying}`]) {
      await page.goto(`${t.baseUrl}${path}`);
      main = await page.innerText('main');
      expect(main).toContain('This forum has been cancelled.');
      expect(main).toContain('Reason: The church hall flooded.');
      for (const alive of [
        'Add to my calendar',
        'Seats',
        'Seats available',
        'The panel will be announced soon',
        'Save a seat',
        'at the door',
      ]) {
        expect({ path, alive, shown: main.includes(alive) }).toEqual({ path, alive, shown: false });
      }
      expect(await page.getByRole('img').count()).toBe(0);
      expect(await page.locator('form').count()).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
    }
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    await screenshots(page, 'event-cancelled');
    await context.close();
  });

  it('4. a past forum says it is over and shows the questions its panel answered', async () => {
    const { t, org } = suite.mailed;
    const qa = new QaFactory(t, org);
    const { event } = await newForum(t, org, { title: 'A forum that took place' });
    const answered = await qa.approvedQuestion(event.id, 'Can the county jail share information with immigration officers?');
    await qa.moderate(answered.id, { status: 'answered' });
    await qa.approvedQuestion(event.id, 'Is there a hotline for families?'); // approved, never answered
    await t.sql(`UPDATE events SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [event.id]);

    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    const main = await page.innerText('main');
    expect(main).toContain('This forum is over. Thank you to everyone who came.');
    const section = page.getByRole('region', { name: 'Questions the panel answered' });
    expect(await section.innerText()).toContain('Can the county jail share information with immigration officers?');
    expect(await section.innerText()).not.toContain('hotline');
    for (const alive of ['Add to my calendar', 'Seats available', 'Save a seat', 'Your name']) expect(main).not.toContain(alive);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'event-past');
    await page.getByRole('link', { name: 'All the questions of this forum' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/questions`);
    await context.close();
  });
});

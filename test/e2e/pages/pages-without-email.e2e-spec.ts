import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { foreignRequests, screenshots, seriousA11yViolations } from '../../support/browser.js';
import { lookAt, signIn } from '../../support/console.js';
import { newPublishedEvent } from '../../support/event-factory.js';
import { FORUM, mailedAppAndBrowser } from '../../support/pages.js';
import { bookWithoutEmail } from '../../support/proof-of-work.js';
import { rsvpRows } from '../../support/rsvps.js';
import { TEST_PASSWORD, type TestApp } from '../../support/test-app.js';

/** What a phone's calendar holds after fetching a subscribed feed: the one entry, parsed with ical.js. */
async function subscribedEntry(t: TestApp, webcalUrl: string) {
  // A calendar app turns webcal:// into a plain GET of the same address, with no cookie and its own user agent.
  const { pathname } = new URL(webcalUrl.replace(/^webcal:/, 'http:'));
  const response = await fetch(`${t.baseUrl}${pathname}`, {
    headers: { 'user-agent': 'iOS/18.1 (22B83) dataaccessd/1.0', accept: 'text/calendar' },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const entry = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    refresh: String(calendar.getFirstPropertyValue('refresh-interval')),
    uid: entry.uid,
    sequence: entry.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    summary: entry.summary,
    start: entry.startDate.toJSDate().toISOString(),
    zone: String(vevent.getFirstProperty('dtstart')!.getParameter('tzid')),
    attendees: vevent.getAllProperties('attendee').length,
  };
}

/** Issue 16, on a phone: holding a seat without giving an email address. */
describe('booking without an email, on a phone', () => {
  const suite = mailedAppAndBrowser('Broome Residents Coalition');

  async function fillWithoutEmail(page: Page, partySize: string) {
    await page.getByLabel('Your name').fill('Guest');
    await page.getByLabel('Number of people, including you').fill(partySize);
  }

  it('books a family of three without an email, shows the ticket once, and the subscribed calendar follows a move and the cancellation', async () => {
    const { t, org, sink } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, capacity: 40, rsvpContact: 'email-optional' });
    const { context, page, requested } = await suite.browser.newContext({
      locale: 'en-US',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    expect(await page.getByLabel('Email (optional)').getAttribute('required')).toBeNull();
    await fillWithoutEmail(page, '3');
    await page.getByRole('button', { name: 'Save my seat' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/booked`);

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your seat is saved');
    expect(await page.locator('main').innerText()).toContain('For 3 people.');
    const code = await page.locator('.code').innerText();
    expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(await page.getByAltText(`QR code of your check-in code ${code}`).isVisible()).toBe(true);
    const link = await page.getByLabel('Your private link').inputValue();
    expect(link).toMatch(/\/rsvp\/[A-Za-z0-9_-]{43}$/);
    const token = link.split('/').pop()!;
    const webcal = (await page.getByRole('link', { name: 'Add to my calendar', exact: true }).getAttribute('href'))!;
    expect(webcal).toMatch(new RegExp(`^webcal://.+/rsvp/${token}/calendar\\.ics$`));
    await page.getByRole('button', { name: 'Copy the link' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(link);
    expect(await page.getByRole('button', { name: 'Print the ticket' }).isVisible()).toBe(true);
    // Switching language would reload the page and lose it: this page offers none.
    expect(await page.getByRole('link', { name: 'Español' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'rsvp-booked-without-email');

    // Shown once: a reload, or the back and forward buttons, on a shared phone reveal nothing.
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This page was shown once');
    expect(await page.content()).not.toContain(token);
    await page.goBack();
    await page.goForward();
    expect(await page.content()).not.toContain(token);
    expect(await page.content()).not.toContain(code);
    // The link the attendee kept still opens their page.
    await page.goto(`${t.baseUrl}${new URL(link).pathname}`);
    expect(await page.locator('.status').innerText()).toBe('You have a seat. See you there!');
    expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
    await context.close();

    const first = await subscribedEntry(t, webcal);
    expect(first).toMatchObject({
      method: 'PUBLISH',
      status: 'CONFIRMED',
      summary: FORUM.title,
      start: '2030-12-06T02:30:00.000Z',
      attendees: 0,
      refresh: 'PT1H',
    });
    expect(first.zone).toBe('America/Los_Angeles');

    // The organizer moves the forum an hour later: the phone's calendar, fetching again, shows the new time.
    const moved = await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: '2030-12-06T03:30:00Z', endsAt: '2030-12-06T05:30:00Z' },
      { token: org.token },
    );
    expect(moved.status).toBe(200);
    const second = await subscribedEntry(t, webcal);
    expect(second).toMatchObject({ uid: first.uid, status: 'CONFIRMED', start: '2030-12-06T03:30:00.000Z' });
    expect(second.sequence).toBeGreaterThan(first.sequence);

    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'The hall flooded.' }, { token: org.token });
    const third = await subscribedEntry(t, webcal);
    expect(third).toMatchObject({ uid: first.uid, status: 'CANCELLED' });
    expect(third.sequence).toBeGreaterThan(second.sequence);
    // Nobody was written to: there was no address.
    expect(sink.messages.filter((mail) => mail.subject.includes(FORUM.title))).toEqual([]);
  });

  it("shows a waitlisted attendee their promotion and the organizers' messages on their page, and the messages on the forum page", async () => {
    const { t, org } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, capacity: 2, rsvpContact: 'none' });
    const seated = await bookWithoutEmail(t, event.id, { partySize: 2 });
    const { context, page } = await suite.browser.newContext({ locale: 'es-US' });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    expect(await page.getByLabel('Correo electrónico').count()).toBe(0);
    await page.getByLabel('Su nombre').fill('Abuela');
    await page.getByRole('button', { name: 'Anotarme en la lista de espera' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/booked`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Está en la lista de espera');
    expect(await page.locator('.status').innerText()).toContain('puesto 1');
    const manage = new URL(await page.getByLabel('Su enlace privado').inputValue()).pathname;
    await page.getByRole('link', { name: 'Ya la guardé: salir de esta página' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}`);

    const message = {
      audience: 'waitlisted',
      subject: { en: 'Parking lot closed', es: 'Estacionamiento cerrado' },
      body: { en: 'Park on Main Street.', es: 'Estacione en Main Street.' },
    };
    const sent = await t.api.post(`/api/events/${event.id}/messages`, message, { token: org.token });
    expect(sent.status).toBe(201);
    expect(sent.body.recipients).toBe(0);

    await page.goto(`${t.baseUrl}${manage}`);
    expect(await page.locator('.status').innerText()).toContain('Esta página y su calendario cambian en cuanto tenga su lugar');
    expect(await page.getByRole('heading', { name: 'Estacionamiento cerrado' }).isVisible()).toBe(true);
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    expect(await page.getByRole('heading', { name: 'Estacionamiento cerrado' }).isVisible()).toBe(true);

    expect((await t.api.delete(`/api/rsvps/${seated.body.manageToken}`)).status).toBe(200);
    await page.goto(`${t.baseUrl}${manage}`);
    expect(await page.getByText('Se liberó un lugar: pasó de la lista de espera a tener su lugar.').isVisible()).toBe(true);
    expect(await page.locator('.status').innerText()).toBe('Tiene su lugar. ¡Lo esperamos!');
    expect(await page.locator('.code').innerText()).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'rsvp-promoted-without-email');
    await context.close();
  });

  it('says in words, with JavaScript off, that booking without an email needs it, and books nothing without the proof', async () => {
    const { t, org, sink } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, rsvpContact: 'email-optional' });
    const { context, page } = await suite.browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    expect(await page.getByText('Booking without an email needs JavaScript switched on').isVisible()).toBe(true);
    await fillWithoutEmail(page, '2');
    await page.getByRole('button', { name: 'Save my seat' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#error-summary').innerText()).toContain(
      'Check against robots: The check against robots did not finish. Send the form again (it needs JavaScript switched on).',
    );
    expect(await rsvpRows(t, event.id)).toEqual([]);
    // With an address it works as ever, JavaScript or not.
    const email = t.uniqueEmail('nojs');
    await page.getByLabel('Email (optional)').fill(email);
    await page.getByRole('button', { name: 'Save my seat' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/sent`);
    await sink.waitFor(sink.to(email));
    await context.close();
  });

  it('lets the organizer choose "email optional" and a cap in the forum editor, then see and release a burst of such seats', async () => {
    const { t, org } = suite.mailed;
    const event = await newPublishedEvent(t, org.token, { ...FORUM, capacity: 10 });
    const { context, page } = await suite.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/edit`);
    await page.getByRole('radio', { name: 'Optional' }).check();
    await page.getByLabel('Most seats for bookings without email').fill('4');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(new RegExp(`/console/events/${event.id}`));
    const saved = (await t.api.get(`/api/events/${event.id}`)).body;
    expect(saved.rsvpContact).toBe('email-optional');

    const fakes = [await bookWithoutEmail(t, event.id, { partySize: 2 }), await bookWithoutEmail(t, event.id, { partySize: 2 })];
    expect((await bookWithoutEmail(t, event.id, { partySize: 1 })).status).toBe(409);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/attendees`);
    const section = page.locator('#no-email');
    expect(await section.innerText()).toContain('4 seats are held (waiting or confirmed) by bookings without an email. The cap is 4.');
    const local = (iso: string, minutes: number) =>
      new Date(Date.parse(iso) + minutes * 60_000).toLocaleString('sv-SE', { timeZone: FORUM.timezone }).replace(' ', 'T').slice(0, 16);
    const [row] = await t.sql<{ created_at: Date }>(`SELECT created_at FROM rsvps WHERE id = $1`, [fakes[0]!.body.rsvp.id]);
    const [last] = await t.sql<{ created_at: Date }>(`SELECT created_at FROM rsvps WHERE id = $1`, [fakes[1]!.body.rsvp.id]);
    await section.getByLabel('From').fill(local(row!.created_at.toISOString(), -1));
    // The last fake's own minute: "to" includes the whole of it.
    await section.getByLabel('To (that minute included)').fill(local(last!.created_at.toISOString(), 0));
    await section.getByRole('button', { name: 'Release these bookings' }).click();
    await page.getByRole('heading', { name: 'Release these bookings?' }).waitFor();
    expect(await page.locator('.box').innerText()).toContain('2 bookings will be released. They hold 4 seats, waiting or confirmed.');
    expect((await rsvpRows(t, event.id)).map((rsvp) => rsvp.status)).toEqual(['confirmed', 'confirmed']);
    await lookAt(page, 'confirm-release');
    await page.getByRole('button', { name: 'Yes, release them' }).click();
    await page.getByText('2 bookings without an email were released; their seats went to the waitlist.').waitFor();
    expect((await rsvpRows(t, event.id)).map((rsvp) => rsvp.status)).toEqual(['cancelled', 'cancelled']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});

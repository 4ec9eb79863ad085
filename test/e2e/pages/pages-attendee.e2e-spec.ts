import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { fitsWidth, foreignRequests, screenshots, seriousA11yViolations } from '../../support/browser.js';
import { EMAIL_LIKE, mailedAppAndBrowser, newForum } from '../../support/pages.js';
import { booked, rsvpBody } from '../../support/rsvps.js';
import type { ReceivedMail } from '../../support/smtp-sink.js';

/** The path of the link to `prefix` (`/rsvp/`, `/panel/`) in an email: the test app does not listen on APP_URL's port. */
function linkIn(mail: ReceivedMail, appUrl: string, prefix: string): string {
  const escaped = `${appUrl}${prefix}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[A-Za-z0-9_-]+`).exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`No ${prefix} link in "${mail.subject}".`);
  return match[0].slice(appUrl.length);
}

async function rsvpThroughTheForm(page: Page, fields: { name: string; email: string; partySize?: string; needs?: string }) {
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Email', { exact: true }).fill(fields.email);
  await page.getByLabel('Number of people, including you').fill(fields.partySize ?? '2');
  if (fields.needs) await page.getByLabel('Accessibility needs (optional)').fill(fields.needs);
  await page.getByRole('button', { name: 'Save my seat' }).click();
}

describe('attendee pages in a browser, with real mail', () => {
  const suite = mailedAppAndBrowser('Broome Residents Coalition');

  it('RSVP → email → attendee page → question → moderator approves → panelist answers → cancel (the issue\'s "done when")', async () => {
    const { t, sink, org } = suite.mailed;
    const { event, attorney } = await newForum(t, org);
    // The moderator's link is taken from the invitation the SMTP server received, as a newcomer would.
    const moderatorEmail = t.uniqueEmail('moderator');
    const invited = await t.api.post(
      `/api/events/${event.id}/panelists`,
      { name: 'Rev. Daniel Whitcomb', email: moderatorEmail, affiliation: 'Host congregation', bio: 'Moderates.', role: 'moderator' },
      { token: org.token },
    );
    expect(invited.status).toBe(201);
    const moderatorPage = linkIn(await sink.waitFor(sink.to(moderatorEmail)), t.config.appUrl, '/panel/');

    const attendee = await suite.browser.newContext({ locale: 'en-US' });
    const { page } = attendee;
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    const email = t.uniqueEmail('rosa');
    await rsvpThroughTheForm(page, { name: 'Rosa Residente', email, needs: 'A seat near the interpreter' });
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/rsvp/sent`);
    expect(await page.innerText('h1')).toBe('Check your email');
    expect(await page.content()).not.toContain(email);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'rsvp-sent');

    const confirmation = await sink.waitFor(sink.to(email));
    const manage = linkIn(confirmation, t.config.appUrl, '/rsvp/');
    await page.goto(`${t.baseUrl}${manage}`);
    const main = await page.innerText('main');
    expect(main).toContain('You have a seat. See you there!');
    expect(main).toContain('A seat near the interpreter'); // their own data, on their own page
    expect(main).not.toContain('Rosa Residente');
    const code = (await page.locator('.code').innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3,4}$/);
    expect(confirmation.parsed.text).toContain(code);
    const qr = page.getByRole('img', { name: `QR code of your check-in code ${code}` });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await qr.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    // One calendar link: their own feed, not the forum's generic file.
    expect(await page.getByRole('link', { name: 'Add to my calendar', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Add to my calendar (.ics file)' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'attendee');
    expect(await fitsWidth(page)).toBe(true);

    // Asks as the attendee: the manage token becomes the participant cookie.
    await page.getByRole('link', { name: 'Ask the panel a question' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${event.slug}/questions`);
    const participant = (await attendee.context.cookies(page.url())).find((cookie) => cookie.name === 'participant')!;
    expect(participant).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: `/events/${event.slug}/questions`,
      value: manage.slice('/rsvp/'.length),
    });
    expect(await page.getByLabel('Name to show (optional)').inputValue()).toBe('');
    await page.getByLabel('Your question').fill('Can the county jail share information with immigration officers?');
    await page.getByRole('button', { name: 'Send my question' }).click();
    await page.waitForURL(/\?asked=pending#ask$/);
    expect(await page.getByRole('status').innerText()).toContain('Your question is waiting for the moderators');
    expect(await page.innerText('main')).toContain('No questions yet.');

    // The moderator panelist accepts, sees the question waiting and approves it.
    const moderator = await suite.browser.newContext({ locale: 'en-US' });
    await moderator.page.goto(`${t.baseUrl}${moderatorPage}`);
    await moderator.page.getByRole('button', { name: 'Accept the invitation' }).click();
    await moderator.page.waitForURL(`${t.baseUrl}${moderatorPage}`);
    const pending = moderator.page.locator('li', { hasText: 'Can the county jail share information' });
    await pending.getByRole('button', { name: 'Approve' }).click();
    await moderator.page.waitForURL(`${t.baseUrl}${moderatorPage}#queue`);
    expect(await moderator.page.innerText('#queue')).toContain('No questions are waiting.');
    expect(await seriousA11yViolations(moderator.page)).toEqual([]);
    await screenshots(moderator.page, 'panel-moderator');

    // It appears on the (plain) panelist's page, who marks it answered.
    const panelist = await suite.browser.newContext({ locale: 'en-US' });
    await panelist.page.goto(`${t.baseUrl}/panel/${attorney.token}`);
    const open = panelist.page.locator('li', { hasText: 'Can the county jail share information' });
    expect(await open.innerText()).toContain('Anonymous');
    expect(await panelist.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await seriousA11yViolations(panelist.page)).toEqual([]);
    await screenshots(panelist.page, 'panel-queue');
    await open.getByRole('button', { name: 'Mark answered' }).click();
    await panelist.page.waitForURL(`${t.baseUrl}/panel/${attorney.token}#queue`);
    expect(await panelist.page.innerText('#queue')).toContain('No questions to answer yet.');
    const [question] = (await t.api.get(`/api/events/${event.id}/questions`)).body.items;
    expect(question).toMatchObject({ status: 'answered', authorName: null });

    // Cancelling takes a confirmation step.
    await page.goto(`${t.baseUrl}${manage}`);
    await page.getByRole('link', { name: 'Cancel my RSVP' }).click();
    await page.waitForURL(`${t.baseUrl}${manage}/cancel`);
    expect(await page.innerText('h1')).toBe('Cancel your RSVP?');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'attendee-cancel');
    expect((await t.api.get(`/api/rsvps/${manage.slice('/rsvp/'.length)}`)).body.rsvp.status).toBe('confirmed');
    await page.getByRole('button', { name: 'Yes, cancel my RSVP' }).click();
    await page.waitForURL(`${t.baseUrl}${manage}`);
    expect(await page.innerText('main')).toContain('You cancelled this RSVP.');
    expect(await page.getByRole('link', { name: 'Cancel my RSVP' }).count()).toBe(0);
    await sink.waitForCount(sink.to(email), 2);

    for (const context of [attendee, moderator, panelist]) {
      expect(foreignRequests(context.requested, t.baseUrl)).toEqual([]);
      await context.context.close();
    }
  });

  it('shows the form again with translated errors, refuses a party larger than the hall with the reason, and tells the waitlist position', async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org, { capacity: 3, maxPartySize: 4 });
    const { context, page } = await suite.browser.newContext({ locale: 'es-ES' });
    await page.goto(`${t.baseUrl}/events/${event.slug}`);
    // The browser would stop these itself; the server must say the same without it.
    await page.evaluate(`document.querySelector('form.form').noValidate = true`);
    await page.getByLabel('Su nombre').fill('  ');
    await page.getByLabel('Correo electrónico', { exact: true }).fill('no-es-un-correo');
    await page.getByRole('button', { name: 'Reservar mi lugar' }).click();
    await page.waitForLoadState();
    let main = await page.innerText('main');
    expect(main).toContain('Escriba una dirección de correo');
    expect(main).toContain('Use de 1 a 200 caracteres.');
    expect(await page.getByLabel('Correo electrónico', { exact: true }).inputValue()).toBe('no-es-un-correo');

    await page.getByLabel('Su nombre').fill('Familia Grande');
    await page.getByLabel('Correo electrónico', { exact: true }).fill(t.uniqueEmail('grande'));
    await page.getByLabel('Número de personas, incluido usted').fill('4');
    await page.getByRole('button', { name: 'Reservar mi lugar' }).click();
    await page.waitForLoadState();
    main = await page.innerText('main');
    expect(main).toContain('Su reserva no se guardó: su grupo es más grande que toda la sala, que tiene 3 lugares.');
    await context.close();

    const [first, second] = await booked(t, sink, event.id, [
      rsvpBody(t, { partySize: 3 }),
      rsvpBody(t, { partySize: 2, name: 'Beto Bravo' }),
    ]);
    const waiting = await suite.browser.newContext({ locale: 'en-US' });
    await waiting.page.goto(`${t.baseUrl}/rsvp/${second}`);
    expect(await waiting.page.innerText('main')).toContain('You are on the waitlist: number 1 in line.');
    expect(await waiting.page.locator('.code').count()).toBe(0);
    // Growing the party while others wait (or without seats) is refused, with the API's reason.
    await waiting.page.goto(`${t.baseUrl}/rsvp/${first}`);
    await waiting.page.getByLabel('Number of people, including you').fill('1');
    await waiting.page.getByRole('button', { name: 'Save changes' }).click();
    await waiting.page.waitForURL(`${t.baseUrl}/rsvp/${first}?saved`);
    expect(await waiting.page.innerText('main')).toContain('Your changes are saved.');
    await waiting.page.getByLabel('Number of people, including you').fill('3');
    await waiting.page.getByRole('button', { name: 'Save changes' }).click();
    await waiting.page.waitForLoadState();
    expect(await waiting.page.getByRole('alert').innerText()).toContain('not enough free seats for a larger party');
    expect(await waiting.page.innerText('main')).not.toContain('Beto Bravo'); // another attendee's name, never
    await waiting.context.close();
  });

  it('erases on request, after which the link is a 404 page; unknown links are 404 pages too', async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org);
    const [token] = await booked(t, sink, event.id, [rsvpBody(t, { accessibilityNeeds: 'Wheelchair space' })]);
    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/rsvp/${token}/cancel`);
    await page.getByLabel('Also erase my name, email and accessibility needs now').check();
    await page.getByRole('button', { name: 'Yes, cancel my RSVP' }).click();
    await page.waitForURL(`${t.baseUrl}/rsvp/erased`);
    expect(await page.innerText('h1')).toBe('Your RSVP is cancelled');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const [row] = await t.sql('SELECT name, email, accessibility_needs, status FROM rsvps WHERE event_id = $1', [event.id]);
    expect(row).toEqual({ name: null, email: null, accessibility_needs: null, status: 'cancelled' });
    for (const path of [`/rsvp/${token}`, `/rsvp/${'x'.repeat(43)}`, '/rsvp/short']) {
      const response = await page.goto(`${t.baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.innerText('h1')).toBe('Page not found');
    }
    await context.close();
  });

  it("speaks Spanish on the attendee's pages, from the browser or the language link", async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org);
    const [token] = await booked(t, sink, event.id, [rsvpBody(t)]);
    const spanish = await suite.browser.newContext({ locale: 'es-US' });
    await spanish.page.goto(`${t.baseUrl}/rsvp/${token}`);
    expect(await spanish.page.getAttribute('html', 'lang')).toBe('es');
    const main = await spanish.page.innerText('main');
    for (const text of ['Tiene su lugar. ¡Lo esperamos!', 'Su código de entrada', 'Cambiar su reserva', 'Hacer una pregunta al panel'])
      expect(main).toContain(text);
    expect(main).toMatch(/jueves, 5 de diciembre de 2030, 18:30\s*–\s*20:30 hora estándar del Pacífico/);
    expect(await seriousA11yViolations(spanish.page)).toEqual([]);
    await screenshots(spanish.page, 'attendee-es');
    await spanish.context.close();

    const { context, page } = await suite.browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/rsvp/${token}`);
    await page.getByRole('link', { name: 'Español' }).click();
    await page.waitForURL(/\?lang=es$/);
    expect(await page.innerText('main')).toContain('Tiene su lugar.');
    await page.getByRole('link', { name: 'Cancelar mi reserva' }).click();
    await page.waitForURL(`${t.baseUrl}/rsvp/${token}/cancel`);
    expect(await page.innerText('h1')).toBe('¿Cancelar su reserva?');
    await context.close();
  });

  it("never shows one attendee's data on another's page, and no email address anywhere", async () => {
    const { t, sink, org } = suite.mailed;
    const { event } = await newForum(t, org);
    const [a, b] = await booked(t, sink, event.id, [
      rsvpBody(t, { name: 'Alma Aguilar', accessibilityNeeds: 'Hearing loop' }),
      rsvpBody(t, { name: 'Bruno Benítez' }),
    ]);
    for (const path of [
      `/rsvp/${b}`,
      `/rsvp/${b}/cancel`,
      `/events/${event.slug}`,
      `/events/${event.slug}/questions`,
      `/events/${event.slug}/screen`,
    ]) {
      const html = (await t.api.get(path)).text;
      expect({ path, leaks: ['Alma Aguilar', 'Hearing loop', a].filter((secret) => html.includes(secret!)) }).toEqual({ path, leaks: [] });
      expect(html).not.toMatch(EMAIL_LIKE);
    }
  });
});

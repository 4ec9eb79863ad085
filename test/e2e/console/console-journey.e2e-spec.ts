import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, foreignRequests, measurePageWeight, TestBrowser } from '../../support/browser.js';
import { lookAt, signIn } from '../../support/console.js';
import { parseCalendar } from '../../support/ics.js';
import { calendarPart } from '../../support/invites.js';
import type { ReceivedMail } from '../../support/smtp-sink.js';
import { startMailedApp, stopMailedApp, type MailedApp } from '../../support/rsvps.js';
import { TEST_PASSWORD } from '../../support/test-app.js';
import { loadForm, postForm } from '../../support/pages.js';

const NEW_PASSWORD = 'correct horse battery staple';

/** A link's path in an email: the test app does not listen on APP_URL's port. */
function pathIn(mail: ReceivedMail, appUrl: string, prefix: string): string {
  const escaped = `${appUrl}${prefix}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[A-Za-z0-9_-]+`).exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`No ${prefix} link in "${mail.subject}".`);
  return match[0].slice(appUrl.length);
}

function inviteIn(mail: ReceivedMail) {
  const part = calendarPart(mail);
  if (!part) throw new Error(`No invite in "${mail.subject}".`);
  const calendar = parseCalendar(part.ics);
  return { method: calendar.method, ...calendar.events[0]! };
}

async function fillForum(page: Page) {
  await page.getByLabel('Title', { exact: true }).fill('Know your rights in Chicago');
  await page.getByLabel('Starts').fill('2031-03-13T18:30');
  await page.getByLabel('Ends').fill('2031-03-13T20:30');
  await page.getByLabel('Time zone').selectOption('America/Chicago');
  await page.getByLabel('Venue (optional)', { exact: true }).fill('Casa Michoacán');
  await page.getByLabel('Street address (optional)').fill('1638 S Blue Island Ave, Chicago, IL');
  await page.getByLabel('Seats (fire-code capacity) (optional)').fill('100');
  await page.getByLabel('Spanish', { exact: true }).check();
}

/** A whole evening's preparation with axe and screenshots on every page: minutes on a loaded 2-core machine. */
const JOURNEY_TIMEOUT = 180_000;

describe('the organizer console in a browser: the whole journey', () => {
  let mailed: MailedApp;
  let browser: TestBrowser;
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Seed organization');
    browser = await TestBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stopMailedApp(mailed);
  });

  it(
    'signs up, schedules a forum in Chicago, invites the panel, publishes, sees a booking, moves and cancels it',
    async () => {
      const { t, sink } = mailed;
      const { context, page, requested } = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      await page.goto(`${t.baseUrl}/console`);
      await lookAt(page, 'sign-in');
      await page.getByRole('link', { name: 'Create an organization' }).click();
      const ownerEmail = t.uniqueEmail('owner');
      await page.getByLabel('Name of your organization').fill('Pilsen Neighbors Together');
      await page.getByLabel('Your name').fill('Olivia Owner');
      await page.getByLabel('Email').fill(ownerEmail);
      await page.getByLabel('New password').fill(TEST_PASSWORD);
      await page.getByLabel('The same password again').fill(TEST_PASSWORD);
      await lookAt(page, 'sign-up');
      await page.getByRole('button', { name: 'Create the organization' }).click();
      await page.waitForURL(`${t.baseUrl}/console?welcome`);
      expect(await page.innerText('main')).toContain('No forums yet');
      await lookAt(page, 'dashboard-empty');

      await page.getByRole('link', { name: 'Create your first forum' }).click();
      await fillForum(page);
      await page.getByLabel('Ends').fill('2031-03-13T17:00'); // before the start: refused next to the field
      await page.getByRole('button', { name: 'Save as draft' }).click();
      await page.waitForLoadState();
      expect(await page.getByLabel('Ends').getAttribute('aria-invalid')).toBe('true');
      expect(await page.innerText('main')).toContain('The end must be after the start.');
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Know your rights in Chicago');
      await lookAt(page, 'editor-errors');
      await page.getByLabel('Ends').fill('2031-03-13T20:30');
      await page.getByRole('button', { name: 'Save as draft' }).click();
      await page.waitForURL(/\/console\/events\/[0-9a-f-]+\?created$/);
      const eventPath = new URL(page.url()).pathname;
      const eventId = eventPath.split('/').pop()!;
      const created = (
        await t.api.get(`/api/events/${eventId}`, {
          token: (await t.api.post('/api/auth/login', { email: ownerEmail, password: TEST_PASSWORD })).body.accessToken,
        })
      ).body;
      expect(created).toMatchObject({
        status: 'draft',
        timezone: 'America/Chicago',
        startsAt: '2031-03-13T18:30:00-05:00',
        capacity: 100,
        languages: ['en', 'es'],
      });
      expect(created.venue).toMatchObject({ name: 'Casa Michoacán', address: '1638 S Blue Island Ave, Chicago, IL' });
      await lookAt(page, 'event-draft');

      await page.getByRole('link', { name: 'Panel', exact: true }).first().click();
      const panelists = [
        { name: 'Ana Abogada', email: t.uniqueEmail('ana'), role: 'panelist' },
        { name: 'Rev. Daniel Whitcomb', email: t.uniqueEmail('daniel'), role: 'moderator' },
      ];
      for (const panelist of panelists) {
        await page.getByLabel('Name', { exact: true }).fill(panelist.name);
        await page.getByLabel('Email', { exact: true }).fill(panelist.email);
        await page.getByLabel('Role').selectOption(panelist.role);
        await page.getByRole('button', { name: 'Send the invitation' }).click();
        await page.waitForURL(/\/panel\?added$/);
      }
      expect(await page.innerText('main')).toContain('Rev. Daniel Whitcomb');
      await lookAt(page, 'panel');
      const anaInvitation = await sink.waitFor(sink.to(panelists[0]!.email));
      const anaLink = pathIn(anaInvitation, t.config.appUrl, '/panel/');
      expect((await t.api.post(`/api${anaLink}/accept`)).status).toBe(200);
      await sink.waitFor(sink.to(panelists[1]!.email));

      // Publishing waits for the owner's confirmed address: the refusal says so and sends the link again.
      await page.goto(`${t.baseUrl}${eventPath}`);
      await page.getByRole('link', { name: 'Publish' }).click();
      await page.getByRole('button', { name: 'Publish' }).click();
      expect(await page.innerText('main')).toContain('Confirm your email address first');
      await lookAt(page, 'publish-unconfirmed');
      await page.getByRole('button', { name: 'Send the link again' }).click();
      await page.waitForURL(`${t.baseUrl}/console?confirmationSent`);
      expect(await page.innerText('main')).toContain('Confirm your email address to publish forums and send messages');
      await lookAt(page, 'dashboard-unconfirmed');
      const confirmLink = await sink.waitFor(sink.to(ownerEmail));
      await page.goto(`${t.baseUrl}${pathIn(confirmLink, t.config.appUrl, '/console/confirm-email/')}`);
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForURL(`${t.baseUrl}/console?emailConfirmed`);
      expect(await page.innerText('main')).not.toContain('Send the link again');

      await page.goto(`${t.baseUrl}${eventPath}`);
      await page.getByRole('link', { name: 'Publish' }).click();
      expect(await page.innerText('main')).toContain('Nobody will be emailed.');
      await lookAt(page, 'confirm-publish');
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForURL(`${t.baseUrl}${eventPath}?published`);

      // An attendee books from the public page.
      const attendee = await browser.newContext({ locale: 'en-US' });
      await attendee.page.goto(`${t.baseUrl}/events/${created.slug}`);
      const attendeeEmail = t.uniqueEmail('rosa');
      await attendee.page.getByLabel('Your name').fill('Rosa Residente');
      await attendee.page.getByLabel('Email', { exact: true }).fill(attendeeEmail);
      await attendee.page.getByLabel('Number of people, including you').fill('3');
      await attendee.page.getByRole('button', { name: 'Save my seat' }).click();
      await attendee.page.waitForURL(/\/rsvp\/sent$/);
      const confirmation = inviteIn(await sink.waitFor(sink.to(attendeeEmail)));
      await attendee.context.close();

      await page.goto(`${t.baseUrl}/console`);
      expect(await page.innerText('main')).toContain('3 of 100 seats taken');
      expect(await page.locator('.seat-bar span').getAttribute('style')).toBe('width: 3%');
      expect(await page.innerText('main')).toContain('Panel: 1 of 2 accepted');
      await lookAt(page, 'dashboard');
      const weights = {
        dashboard: await measurePageWeight(context, page, `${t.baseUrl}/console`),
        editor: await measurePageWeight(context, page, `${t.baseUrl}${eventPath}/edit`),
      };
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      await writeFile(join(ARTIFACTS_DIR, 'console-page-weight.json'), `${JSON.stringify(weights, null, 2)}\n`);
      for (const weight of Object.values(weights)) {
        expect(
          weight.resources
            .filter((resource) => resource.url.startsWith('/assets/'))
            .map((resource) => resource.url)
            .sort(),
        ).toEqual(['/assets/favicon.svg', '/assets/forms.js', '/assets/site.css']);
        // The editor carries every IANA zone for the picker; both stay small enough for a phone on hall Wi-Fi.
        expect(weight.transferredBytes).toBeLessThan(60_000);
      }

      // An hour later: the confirmation says who will be emailed, then the invites follow.
      await page.goto(`${t.baseUrl}${eventPath}/edit`);
      await page.getByLabel('Starts').fill('2031-03-13T19:30');
      await page.getByLabel('Ends').fill('2031-03-13T21:30');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForLoadState();
      const confirm = await page.innerText('main');
      expect(confirm).toContain('1 confirmed attendee');
      expect(confirm).toContain('2 panelists');
      expect(confirm).not.toContain('waitlist');
      await lookAt(page, 'confirm-change');
      await page.getByRole('button', { name: 'Save and email the update' }).click();
      await page.waitForURL(`${t.baseUrl}${eventPath}?saved`);
      const [, moved] = await sink.waitForCount(sink.to(attendeeEmail), 2, 15_000);
      const update = inviteIn(moved!);
      expect(update).toMatchObject({
        method: 'REQUEST',
        uid: confirmation.uid,
        startLocal: '2031-03-13T19:30:00',
        startZone: 'America/Chicago',
      });
      expect(update.sequence).toBeGreaterThan(confirmation.sequence);
      const anaMail = await sink.waitForCount(sink.to(panelists[0]!.email), 3, 15_000);
      expect(inviteIn(anaMail[2]!)).toMatchObject({ method: 'REQUEST', startLocal: '2031-03-13T19:30:00' });

      await page.getByRole('link', { name: 'Cancel the forum' }).click();
      const cancelling = await page.innerText('main');
      expect(cancelling).toContain('1 confirmed attendee');
      expect(cancelling).toContain('2 panelists');
      await lookAt(page, 'confirm-cancel');
      await page.getByLabel('Reason').fill('The hall flooded; we will announce a new date.');
      await page.getByRole('button', { name: 'Cancel the forum' }).click();
      await page.waitForURL(`${t.baseUrl}${eventPath}?cancelled`);
      const [, , cancelled] = await sink.waitForCount(sink.to(attendeeEmail), 3, 15_000);
      const cancel = inviteIn(cancelled!);
      expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: confirmation.uid });
      expect(cancel.sequence).toBeGreaterThan(update.sequence);
      await lookAt(page, 'event-cancelled');
      expect(foreignRequests(requested, t.baseUrl)).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it('resets a forgotten password through the emailed link, once', async () => {
    const { t, sink, org } = mailed;
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/console`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await lookAt(page, 'forgot-password');
    await page.getByLabel('Email').fill(org.organizer.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.waitForURL(`${t.baseUrl}/console/forgot-password?sent`);
    const sent = await page.innerText('main');
    const link = pathIn(await sink.waitFor(sink.to(org.organizer.email)), t.config.appUrl, '/console/password-reset/');

    // An address without an account gets the very same answer.
    await page.goto(`${t.baseUrl}/console/forgot-password`);
    await page.getByLabel('Email').fill(t.uniqueEmail('nobody'));
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.waitForURL(`${t.baseUrl}/console/forgot-password?sent`);
    expect(await page.innerText('main')).toBe(sent);

    await page.goto(`${t.baseUrl}${link}`);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('The same password again').fill(NEW_PASSWORD);
    await lookAt(page, 'password-reset');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.waitForURL(`${t.baseUrl}/console?passwordChanged`);
    expect(await page.innerText('h1')).toBe('Forums');
    expect((await t.api.post('/api/auth/login', { email: org.organizer.email, password: TEST_PASSWORD })).status).toBe(401);
    expect((await t.api.post('/api/auth/login', { email: org.organizer.email, password: NEW_PASSWORD })).status).toBe(200);
    // Used: the link says so and offers a new one.
    await page.goto(`${t.baseUrl}${link}`);
    expect(await page.innerText('h1')).toBe('This link no longer works');
    expect(await page.innerText('main')).toContain('This link was used already or has expired.');
    await lookAt(page, 'password-reset-gone');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(`${t.baseUrl}/console/forgot-password`);
    await context.close();
  });

  it('answers a used, expired or unknown reset link, opened or submitted, with 404 and a way to a new link, in English and Spanish', async () => {
    const { t } = mailed;
    const form = await loadForm(t, '/console/forgot-password');
    // Each language's heading, explanation and way to a new link.
    const texts = {
      en: ['This link no longer works', 'This link was used already or has expired.', 'Forgot your password?'],
      es: ['Este enlace ya no funciona', 'Este enlace ya se usó o venció.', '¿Olvidó su contraseña?'],
    };
    const fields = { _csrf: form.token, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD };
    for (const [language, [title, text, link]] of Object.entries(texts)) {
      const path = `/console/password-reset/${'a'.repeat(43)}?lang=${language}`;
      const opened = await fetch(`${t.baseUrl}${path}`, { headers: { cookie: form.cookieValue } });
      const submitted = await postForm(t, path, fields, { cookie: form.cookieValue });
      for (const response of [opened, submitted]) {
        expect(response.status).toBe(404);
        const html = await response.text();
        expect(html).toContain(`<h1>${title}</h1>`);
        expect(html).toContain(text);
        expect(html).toContain(`<a class="button" href="/console/forgot-password">${link}</a>`);
      }
    }
  });

  it(
    'runs the same journey without JavaScript',
    async () => {
      const { t } = mailed;
      const owner = await t.newOrganization('No-script coalition');
      const { context, page } = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
      await signIn(page, t, owner.organizer.email, TEST_PASSWORD);
      await page.getByRole('link', { name: 'Create your first forum' }).click();
      await fillForum(page);
      await page.getByRole('button', { name: 'Save as draft' }).click();
      await page.waitForURL(/\?created$/);
      await page.getByRole('link', { name: 'Publish' }).click();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForURL(/\?published$/);
      await page.getByRole('link', { name: 'Cancel the forum' }).click();
      await page.getByLabel('Reason').fill('Postponed.');
      await page.getByRole('button', { name: 'Cancel the forum' }).click();
      await page.waitForURL(/\?cancelled$/);
      const { items } = (await t.api.get('/api/organization/events', { token: owner.token })).body;
      expect(items).toEqual([expect.objectContaining({ status: 'cancelled', cancellationReason: 'Postponed.' })]);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it('manages the organization: settings, a colleague invited, the role changed', async () => {
    const { t, sink } = mailed;
    const org = await t.newOrganization('Settings coalition');
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await signIn(page, t, org.organizer.email, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Organization' }).click();
    await page.getByLabel('Public contact email (optional)').fill('forums@coalition.example.org');
    await page.getByLabel('Time zone').selectOption('America/Denver');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\?saved$/);
    const colleague = t.uniqueEmail('marisol');
    await page.getByRole('link', { name: 'Invite a colleague' }).click();
    await lookAt(page, 'member-invite');
    await page.getByLabel('Name', { exact: true }).fill('Marisol Vega');
    await page.getByLabel('Email', { exact: true }).fill(colleague);
    await page.getByLabel('Role').selectOption('moderator');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForURL(/\?invited$/);
    await sink.waitFor(sink.to(colleague));
    await page.getByLabel('Role: Marisol Vega').selectOption('organizer');
    await page.getByRole('button', { name: 'Change role' }).last().click();
    await page.waitForURL(/\?roleChanged$/);
    await lookAt(page, 'organization');
    const members = (await t.api.get('/api/organization/members', { token: org.token })).body.items;
    expect(members).toContainEqual(expect.objectContaining({ email: colleague, role: 'organizer', status: 'invited' }));
    await page.goto(`${t.baseUrl}/console/events/new`);
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/Denver');
    await context.close();
  });

  it(
    'keeps every other console page accessible, on a phone and a laptop',
    async () => {
      const { t } = mailed;
      const org = await t.newOrganization('Axe coalition');
      const draft = (
        await t.api.post(
          '/api/events',
          { title: 'A draft', startsAt: '2031-05-01T18:30', endsAt: '2031-05-01T20:30', timezone: 'America/Chicago' },
          { token: org.token },
        )
      ).body;
      const ended = (
        await t.api.post(
          '/api/events',
          { title: 'Last spring', startsAt: '2031-04-01T18:30', endsAt: '2031-04-01T20:30', timezone: 'America/Chicago' },
          { token: org.token },
        )
      ).body;
      await t.api.post(`/api/events/${ended.id}/publish`, undefined, { token: org.token });
      await t.sql(`UPDATE events SET starts_at = now() - interval '3 days', ends_at = now() - interval '2 days' WHERE id = $1`, [ended.id]);
      const panelist = (
        await t.api.post(
          `/api/events/${draft.id}/panelists`,
          { name: 'Ana Abogada', email: t.uniqueEmail('ana'), role: 'panelist' },
          { token: org.token },
        )
      ).body;
      const member = (
        await t.api.post(
          '/api/organization/members',
          { name: 'Marisol Vega', email: t.uniqueEmail('marisol'), role: 'moderator' },
          { token: org.token },
        )
      ).body;
      const { context, page } = await browser.newContext({ locale: 'en-US' });
      await signIn(page, t, org.organizer.email, TEST_PASSWORD);
      const pages: [string, string][] = [
        ['account', '/console/account'],
        ['panelist-edit', `/console/events/${draft.id}/panel/${panelist.id}/edit`],
        ['panelist-remove', `/console/events/${draft.id}/panel/${panelist.id}/remove`],
        ['confirm-delete', `/console/events/${draft.id}/delete`],
        ['preview', `/console/events/${draft.id}/preview`],
        ['member-remove', `/console/organization/members/${member.id}/remove`],
        ['event-ended', `/console/events/${ended.id}`],
        ['confirm-erase', `/console/events/${ended.id}/erase`],
        ['dashboard-past', '/console'],
      ];
      for (const [name, path] of pages) {
        const response = await page.goto(`${t.baseUrl}${path}`);
        expect([name, response?.status()]).toEqual([name, 200]);
        await lookAt(page, name);
      }
      await context.close();

      const moderator = await t.newMember(org.organization.id, 'moderator');
      const refused = await browser.newContext({ locale: 'en-US' });
      await signIn(refused.page, t, moderator.email, TEST_PASSWORD);
      expect((await refused.page.goto(`${t.baseUrl}/console/organization`))?.status()).toBe(403);
      await lookAt(refused.page, 'not-allowed');
      await refused.context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it('speaks Spanish once: sign-in, dashboard and editor', async () => {
    const { t } = mailed;
    const owner = await t.newOrganization('Coalición en español');
    const { context, page } = await browser.newContext({ locale: 'es-ES' });
    await page.goto(`${t.baseUrl}/console`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.getByLabel('Correo electrónico').fill(owner.organizer.email);
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.waitForURL(`${t.baseUrl}/console`);
    expect(await page.innerText('h1')).toBe('Foros');
    await page.getByRole('link', { name: 'Crear su primer foro' }).click();
    expect(await page.innerText('h1')).toBe('Nuevo foro');
    await lookAt(page, 'editor-es');
    await context.close();
  });
});

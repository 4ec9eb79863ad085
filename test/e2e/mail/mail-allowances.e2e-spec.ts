import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INVITATIONS_PER_ACCOUNT, INVITATIONS_PER_NEW_ORGANIZATION } from '../../../src/accounts/mail-allowances.js';
import { ConsoleClient } from '../../support/console.js';
import { newEvent, panelistBody } from '../../support/event-factory.js';
import { expectErrorShape, type ApiResponse } from '../../support/http.js';
import { startMailedApp, stopMailedApp } from '../../support/rsvps.js';
import { SmtpSink, type ReceivedMail } from '../../support/smtp-sink.js';
import { TEST_PASSWORD, TestApp } from '../../support/test-app.js';

const APP_URL = 'https://townhall.example.org';
const CONFIRM_LINK = /https:\/\/townhall\.example\.org\/console\/confirm-email\/([A-Za-z0-9_-]+)/;
const SPAM = { name: 'Cheap Pills Online', affiliation: 'Cheap Pills Online', bio: 'Cheap Pills Online, click now.' };

const confirmationToken = (mail: ReceivedMail) => mail.parsed.text!.match(CONFIRM_LINK)![1]!;
const statuses = (responses: ApiResponse[]) => responses.map((response) => response.status).sort();

function signupBody(t: TestApp, overrides: Record<string, unknown> = {}) {
  return { organizationName: 'Fresh Org', name: 'Frank Fresh', email: t.uniqueEmail('fresh'), password: TEST_PASSWORD, ...overrides };
}

describe('open sign-up is no spam relay: invitation mail is capped per account and per organization', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => ({ sink, t } = await startMailedApp({ APP_URL })));
  afterAll(() => stopMailedApp({ t, sink }));

  it('lets a fresh anonymous organization send only a few invitations an hour until its owner confirms their address', async () => {
    const signup = signupBody(t);
    const owner = (await t.api.post('/api/auth/signup', signup)).body.accessToken as string;
    const draft = await newEvent(t, owner);
    const invite = () => t.api.post(`/api/events/${draft.id}/panelists`, panelistBody(t, SPAM), { token: owner });

    // 40 at once, as the reproduced attack did: exactly the new organization's allowance gets through.
    const burst = await Promise.all(Array.from({ length: 40 }, invite));
    const allowed = INVITATIONS_PER_NEW_ORGANIZATION.limit;
    expect(statuses(burst)).toEqual([...Array(allowed).fill(201), ...Array(40 - allowed).fill(429)]);
    const refused = burst.find((response) => response.status === 429)!;
    expect(expectErrorShape(refused, 429).message).toMatch(/until an owner confirms their email address/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Member invitations and resends draw on the same allowance.
    expectErrorShape(
      await t.api.post('/api/organization/members', { name: 'Mo', email: t.uniqueEmail('member'), role: 'moderator' }, { token: owner }),
      429,
    );
    const invited = burst.find((response) => response.status === 201)!.body;
    expectErrorShape(
      await t.api.post(`/api/events/${draft.id}/panelists/${invited.id}/resend-invitation`, undefined, { token: owner }),
      429,
    );
    const invitations = (mail: ReceivedMail) => mail.subject.includes('invites you to');
    await sink.waitForCount(invitations, allowed);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sink.messages.filter(invitations)).toHaveLength(allowed);
    expect(await t.sql(`SELECT count(*)::int AS n FROM panelists WHERE event_id = $1`, [draft.id])).toEqual([{ n: allowed }]);

    // The owner confirms their address; the organization's allowance grows at once.
    const requested = await t.api.post('/api/auth/email-confirmation', { language: 'es' }, { token: owner });
    expect(requested.status).toBe(202);
    const mail = await sink.waitFor((received) => sink.to(signup.email)(received) && CONFIRM_LINK.test(received.parsed.text ?? ''));
    expect(mail.subject).toBe('Confirme su dirección de correo para Townhall');
    expectErrorShape(await t.api.post('/api/auth/email-confirmation/confirm', { token: 'A'.repeat(43) }), 404);
    const confirmed = await t.api.post('/api/auth/email-confirmation/confirm', { token: confirmationToken(mail) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ accessToken: expect.any(String), organizer: { email: signup.email } });
    expectErrorShape(await t.api.post('/api/auth/email-confirmation/confirm', { token: confirmationToken(mail) }), 404);
    expectErrorShape(await t.api.post('/api/auth/email-confirmation', {}, { token: owner }), 409);
    expect((await invite()).status).toBe(201);
  });

  it('caps one account even in a confirmed organization', async () => {
    const { accessToken: owner, organizer } = (await t.api.post('/api/auth/signup', signupBody(t))).body;
    await t.sql(`UPDATE organizers SET email_confirmed_at = now() WHERE id = $1`, [organizer.id]);
    const draft = await newEvent(t, owner);
    const burst = await Promise.all(
      Array.from({ length: INVITATIONS_PER_ACCOUNT.limit + 3 }, () =>
        t.api.post(`/api/events/${draft.id}/panelists`, panelistBody(t), { token: owner }),
      ),
    );
    expect(statuses(burst)).toEqual([...Array(INVITATIONS_PER_ACCOUNT.limit).fill(201), 429, 429, 429]);
  });
});

describe('the operator chooses how organizations are created (SIGNUP_MODE)', () => {
  it('confirm-email: nothing signs in until the emailed link is opened, through the API and the console alike', async () => {
    const sink = await SmtpSink.start();
    const t = await TestApp.start({ SMTP_URL: sink.url, APP_URL, SIGNUP_MODE: 'confirm-email' });
    try {
      const signup = signupBody(t);
      const answered = await t.api.post('/api/auth/signup', signup);
      expect(answered.status).toBe(202);
      expect(answered.body).toEqual({ message: expect.stringMatching(/sent a link/) });
      expectErrorShape(await t.api.post('/api/auth/login', { email: signup.email, password: TEST_PASSWORD }), 403);
      const mail = await sink.waitFor(sink.to(signup.email));
      expect(mail.subject).toBe('Confirm your email address for Townhall');

      // The console's sign-up form follows the same rule, and its link confirms through a button.
      const browser = new ConsoleClient(t);
      const viaConsole = signupBody(t);
      const page = await browser.post('/console/sign-up', { ...viaConsole, passwordConfirmation: TEST_PASSWORD }, '/console/sign-up');
      expect(page.status).toBe(200);
      expect(page.html).toContain('we have sent a link to your email address');
      expect(browser.cookie('console')).toBeUndefined();
      const consoleMail = await sink.waitFor(sink.to(viaConsole.email));
      const link = `/console/confirm-email/${confirmationToken(consoleMail)}`;
      expect((await browser.get(link)).html).toContain('Confirm my address');
      expect(await t.sql(`SELECT email_confirmed_at FROM organizers WHERE email = $1`, [viaConsole.email])).toEqual([
        { email_confirmed_at: null },
      ]);
      const confirmed = await browser.post(link, {});
      expect([confirmed.status, confirmed.location]).toEqual([303, '/console?emailConfirmed']);
      expect((await browser.get(confirmed.location!)).html).toContain('your email address is confirmed');

      expect((await t.api.post('/api/auth/email-confirmation/confirm', { token: confirmationToken(mail) })).status).toBe(200);
      expect((await t.api.post('/api/auth/login', { email: signup.email, password: TEST_PASSWORD })).status).toBe(200);
    } finally {
      await t.close();
      await sink.stop();
    }
  });

  it('invitation-only: neither the API nor the console creates an organization', async () => {
    const t = await TestApp.start({ SIGNUP_MODE: 'invitation-only' });
    try {
      const refused = expectErrorShape(await t.api.post('/api/auth/signup', signupBody(t)), 403);
      expect(refused.message).toMatch(/switched off/);
      const browser = new ConsoleClient(t);
      expect((await browser.get('/console/sign-up')).html).toContain('does not take new organizations');
      const form = await browser.post('/console/sign-up', { ...signupBody(t), passwordConfirmation: TEST_PASSWORD }, '/console');
      expect(form.status).toBe(403);
      expect(await t.sql(`SELECT count(*)::int AS n FROM organizations`)).toEqual([{ n: 0 }]);
    } finally {
      await t.close();
    }
  });
});

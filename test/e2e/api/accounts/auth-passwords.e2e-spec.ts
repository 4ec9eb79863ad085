import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { SmtpSink } from '../../../support/smtp-sink.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../../support/test-app.js';

const APP_URL = 'https://townhall.example.org';
const RESET_LINK = /https:\/\/townhall\.example\.org\/console\/password-reset\/([A-Za-z0-9_-]+)/;
const NEW_PASSWORD = 'a brand new long password';

describe('passwords: reset by email, change, revocation of earlier sessions', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url, APP_URL });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** The token of the reset email that follows the `alreadyReceived` ones to this address. */
  async function resetToken(email: string, alreadyReceived = 0): Promise<string> {
    const mail = (await sink.waitForCount(sink.to(email), alreadyReceived + 1))[alreadyReceived]!;
    const token = mail.parsed.text?.match(RESET_LINK)?.[1];
    expect(token).toBeDefined();
    expect(mail.parsed.html).toContain(`href="${APP_URL}/console/password-reset/${token}"`);
    return token!;
  }

  async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
  }

  it('answers a known and an unknown address alike, and emails only the known one', async () => {
    const { organizer } = await t.newOrganization();
    const unknown = t.uniqueEmail('nobody');
    const [known, knownMs] = await timed(() => t.api.post('/api/auth/password-reset', { email: organizer.email }));
    const [other, otherMs] = await timed(() => t.api.post('/api/auth/password-reset', { email: unknown }));
    expect(known.status).toBe(202);
    expect(other.status).toBe(202);
    expect(other.body).toEqual(known.body);
    expect(known.body).toEqual({ message: expect.stringMatching(/link/) });
    // Both answers wait for the same floor, so the quicker unknown path does not show.
    expect(Math.min(knownMs, otherMs)).toBeGreaterThanOrEqual(240);

    const mail = await sink.waitFor(sink.to(organizer.email));
    expect(mail.subject).toBe('Choose a new Townhall password');
    expect(mail.parsed.text).toContain('within 60 minutes');
    expect(await t.sql('SELECT id FROM mail_outbox WHERE lower(recipient_address) = lower($1)', [unknown])).toEqual([]);
    expect(sink.messages.filter(sink.to(unknown))).toEqual([]);
    expect(JSON.stringify(known.body)).not.toMatch(/password-reset\//);
  });

  it('writes the email in the language asked for', async () => {
    const { organizer } = await t.newOrganization();
    expect((await t.api.post('/api/auth/password-reset', { email: organizer.email, language: 'es' })).status).toBe(202);
    const mail = await sink.waitFor(sink.to(organizer.email));
    expect(mail.subject).toBe('Elija una nueva contraseña de Townhall');
    expectErrorShape(await t.api.post('/api/auth/password-reset', { email: organizer.email, language: 'fr' }), 400);
  });

  it('sends nothing to an invited member who has not chosen a password yet', async () => {
    const org = await t.newOrganization();
    const email = t.uniqueEmail('invited');
    await t.api.post('/api/organization/members', { name: 'Ines Invited', email, role: 'organizer' }, { token: org.token });
    await sink.waitFor(sink.to(email));
    expect((await t.api.post('/api/auth/password-reset', { email })).status).toBe(202);
    const rows = await t.sql('SELECT template FROM mail_outbox WHERE recipient_address = $1', [email]);
    expect(rows).toEqual([{ template: 'member-invitation' }]);
  });

  it('lets the emailed link set a new password once, then answers 404, and ends every earlier session', async () => {
    const { organizer, token: oldAccessToken } = await t.newOrganization();
    await t.api.post('/api/auth/password-reset', { email: organizer.email });
    const token = await resetToken(organizer.email);

    const confirmed = await t.api.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expect(confirmed.status).toBe(200);
    expect(Object.keys(confirmed.body)).toEqual(['accessToken']);
    expect((await t.api.get('/api/me', { token: confirmed.body.accessToken })).status).toBe(200);
    expectErrorShape(await t.api.get('/api/me', { token: oldAccessToken }), 401);

    expectErrorShape(await t.api.post('/api/auth/password-reset/confirm', { token, password: 'yet another password' }), 404);
    expectErrorShape(await t.api.post('/api/auth/login', { email: organizer.email, password: TEST_PASSWORD }), 401);
    expect((await t.api.post('/api/auth/login', { email: organizer.email, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('lets only one of two simultaneous confirmations of one link pass', async () => {
    const { organizer } = await t.newOrganization();
    await t.api.post('/api/auth/password-reset', { email: organizer.email });
    const token = await resetToken(organizer.email);
    const answers = await Promise.all(
      ['first parallel password', 'second parallel password'].map((password) =>
        t.api.post('/api/auth/password-reset/confirm', { token, password }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 404]);
  });

  it('refuses a link after its hour, and an earlier link once a newer one was sent', async () => {
    const { organizer } = await t.newOrganization();
    await t.api.post('/api/auth/password-reset', { email: organizer.email });
    const first = await resetToken(organizer.email);
    await t.api.post('/api/auth/password-reset', { email: organizer.email });
    const second = await resetToken(organizer.email, 1);
    expect(second).not.toBe(first);
    expectErrorShape(await t.api.post('/api/auth/password-reset/confirm', { token: first, password: NEW_PASSWORD }), 404);

    t.clock.advance(61 * 60_000);
    try {
      expectErrorShape(await t.api.post('/api/auth/password-reset/confirm', { token: second, password: NEW_PASSWORD }), 404);
    } finally {
      t.clock.reset();
    }
    expect((await t.api.post('/api/auth/login', { email: organizer.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('answers 404 for an unknown reset token and 400 for a malformed one', async () => {
    expectErrorShape(await t.api.post('/api/auth/password-reset/confirm', { token: 'A'.repeat(43), password: NEW_PASSWORD }), 404);
    const malformed = expectErrorShape(
      await t.api.post('/api/auth/password-reset/confirm', { token: 'short', password: NEW_PASSWORD }),
      400,
    );
    expect(malformed.details).toEqual([{ field: 'token', message: expect.any(String) }]);
  });

  it('throttles reset requests per address, counting addresses without an account alike', async () => {
    const { organizer } = await t.newOrganization();
    const unknown = t.uniqueEmail('nobody');
    for (const email of [organizer.email, unknown]) {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.api.post('/api/auth/password-reset', { email: email.toUpperCase() })).status);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }
    expect((await t.api.post('/api/auth/password-reset', { email: t.uniqueEmail('other') })).status).toBe(202);
  });

  describe('changing the password', () => {
    let org: SignedUp;
    beforeAll(async () => {
      org = await t.newOrganization();
    });

    it('refuses a wrong current password with 400 naming the field, and changes nothing', async () => {
      const response = await t.api.post(
        '/api/auth/change-password',
        { currentPassword: 'not my password at all', password: NEW_PASSWORD },
        { token: org.token },
      );
      const body = expectErrorShape(response, 400);
      expect(body.details).toEqual([{ field: 'currentPassword', message: 'is not correct' }]);
      expect((await t.api.get('/api/me', { token: org.token })).status).toBe(200);
      expectErrorShape(await t.api.post('/api/auth/change-password', { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }), 401);
    });

    it('gives a new access token and ends the earlier ones', async () => {
      const otherDevice = (await t.api.post('/api/auth/login', { email: org.organizer.email, password: TEST_PASSWORD })).body.accessToken;
      const response = await t.api.post(
        '/api/auth/change-password',
        { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD },
        { token: org.token },
      );
      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(['accessToken']);
      expect((await t.api.get('/api/me', { token: response.body.accessToken })).status).toBe(200);
      expectErrorShape(await t.api.get('/api/me', { token: org.token }), 401);
      expectErrorShape(await t.api.get('/api/me', { token: otherDevice }), 401);

      const login = await t.api.post('/api/auth/login', { email: org.organizer.email, password: NEW_PASSWORD });
      expect((await t.api.get('/api/me', { token: login.body.accessToken })).status).toBe(200);
    });
  });

  it('refuses control characters in every new password with 400 naming the field', async () => {
    const sneaky = `ab\u0000${'\u0000'.repeat(10)}`;
    const { organizer, token } = await t.newOrganization();
    const org = await t.newOrganization();
    const invitedEmail = t.uniqueEmail('invited');
    await t.api.post('/api/organization/members', { name: 'Ines', email: invitedEmail, role: 'moderator' }, { token: org.token });
    const invitation = (await sink.waitFor(sink.to(invitedEmail))).parsed.text!.match(/\/join\/([A-Za-z0-9_-]+)/)![1]!;
    await t.api.post('/api/auth/password-reset', { email: organizer.email });
    const reset = await resetToken(organizer.email);

    const attempts = [
      t.api.post('/api/auth/signup', { organizationName: 'Nul', name: 'Nul', email: t.uniqueEmail(), password: sneaky }),
      t.api.post('/api/auth/accept-invitation', { token: invitation, password: sneaky }),
      t.api.post('/api/auth/change-password', { currentPassword: TEST_PASSWORD, password: sneaky }, { token }),
      t.api.post('/api/auth/password-reset/confirm', { token: reset, password: `a long password\nwith a break` }),
    ];
    for (const response of await Promise.all(attempts)) {
      const body = expectErrorShape(response, 400);
      expect(body.details).toEqual([{ field: 'password', message: 'must not contain control characters' }]);
    }
    expect((await t.api.post('/api/auth/login', { email: organizer.email, password: TEST_PASSWORD })).status).toBe(200);
    expect((await t.api.post('/api/auth/password-reset/confirm', { token: reset, password: 'contraseña larga ñandú' })).status).toBe(200);
  });
});

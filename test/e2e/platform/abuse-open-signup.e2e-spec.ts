import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleClient } from '../../support/console.js';
import { newEvent } from '../../support/event-factory.js';
import { expectErrorShape, type ApiResponse } from '../../support/http.js';
import { rsvp, rsvpBody, startMailedApp, stopMailedApp } from '../../support/rsvps.js';
import { type SmtpSink, type ReceivedMail } from '../../support/smtp-sink.js';
import { TEST_PASSWORD, type TestApp } from '../../support/test-app.js';

const APP_URL = 'https://townhall.example.org';
const CONFIRM_LINK = /https:\/\/townhall\.example\.org\/console\/confirm-email\/([A-Za-z0-9_-]+)/;
const MESSAGE = { audience: 'confirmed', subject: { en: 'Cheap pills' }, body: { en: 'Click now.' } };

const statuses = (responses: ApiResponse[]) => responses.map((response) => response.status).sort();
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signupBody(t: TestApp, overrides: Record<string, unknown> = {}) {
  return { organizationName: 'Fresh Org', name: 'Frank Fresh', email: t.uniqueEmail('fresh'), password: TEST_PASSWORD, ...overrides };
}

describe('an open server is no spam relay', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let client = 0;
  /** Each sign-up from an address of its own, so the per-address limit is met only where a test means to. */
  const signup = (body = signupBody(t)) => t.api.post('/api/auth/signup', body, from(`198.51.100.${++client}`));

  beforeAll(async () => ({ sink, t } = await startMailedApp({ APP_URL, TRUST_PROXY: 'true' })));
  afterAll(() => stopMailedApp({ t, sink }));

  it('refuses publishing and messages until an owner confirms their address, so nobody can be booked or written to', async () => {
    const body = signupBody(t);
    const owner = (await signup(body)).body.accessToken as string;
    const draft = await newEvent(t, owner);

    const refused = expectErrorShape(await t.api.post(`/api/events/${draft.id}/publish`, undefined, { token: owner }), 403);
    expect(refused.code).toBe('email-unconfirmed');
    expect((await t.api.get(`/api/events/${draft.id}`, { token: owner })).body.status).toBe('draft');
    // Nobody can book a draft, so nobody gets a booking email on the organization's behalf.
    expectErrorShape(await rsvp(t, draft.id, rsvpBody(t)), 404);
    const message = expectErrorShape(await t.api.post(`/api/events/${draft.id}/messages`, MESSAGE, { token: owner }), 403);
    expect(message.code).toBe('email-unconfirmed');
    expect(await t.sql(`SELECT count(*)::int AS n FROM event_messages`)).toEqual([{ n: 0 }]);

    // The owner asks for the link again and opens it: both work at once.
    expect((await t.api.post('/api/auth/email-confirmation', {}, { token: owner })).status).toBe(202);
    const mail = await sink.waitFor((received) => sink.to(body.email)(received) && CONFIRM_LINK.test(received.parsed.text ?? ''));
    const token = mail.parsed.text!.match(CONFIRM_LINK)![1]!;
    expect((await t.api.post('/api/auth/email-confirmation/confirm', { token })).status).toBe(200);
    expect((await t.api.post(`/api/events/${draft.id}/publish`, undefined, { token: owner })).status).toBe(200);
    expect((await rsvp(t, draft.id, rsvpBody(t))).status).toBe(202);
  });

  it('keeps an unconfirmed organization within 10 member invitations an hour, even 30 at once', async () => {
    const owner = (await signup()).body.accessToken as string;
    const invite = () =>
      t.api.post('/api/organization/members', { name: 'Mo', email: t.uniqueEmail('stranger'), role: 'organizer' }, { token: owner });
    const burst = await Promise.all(Array.from({ length: 30 }, invite));
    expect(statuses(burst)).toEqual([...Array(10).fill(201), ...Array(20).fill(429)]);
    const limited = burst.find((response) => response.status === 429)!;
    expect(expectErrorShape(limited, 429).code).toBe('too-many-requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
  });

  it('lets one client address create 5 organizations an hour: 30 at once make 5', async () => {
    const address = '203.0.113.77';
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        t.api.post('/api/auth/signup', signupBody(t, { organizationName: `Burst ${index}` }), from(address)),
      ),
    );
    expect(statuses(burst)).toEqual([...Array(5).fill(201), ...Array(25).fill(429)]);
    const limited = burst.find((response) => response.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(await t.sql(`SELECT count(*)::int AS n FROM organizations WHERE name LIKE 'Burst %'`)).toEqual([{ n: 5 }]);
    // Another address is not held up; the console's form counts with the API.
    expect((await t.api.post('/api/auth/signup', signupBody(t), from('203.0.113.78'))).status).toBe(201);
    for (let made = 0; made < 5; made++) {
      const browser = new ConsoleClient(t);
      const form = await browser.post('/console/sign-up', { ...signupBody(t), passwordConfirmation: TEST_PASSWORD }, '/console/sign-up');
      expect([form.status, form.location]).toEqual([303, '/console?welcome']);
    }
    expectErrorShape(await t.api.post('/api/auth/signup', signupBody(t)), 429);
  });

  it('shows the console a notice with a button that sends the link again, on the dashboard and where publishing or a message is refused', async () => {
    const body = signupBody(t);
    const owner = (await signup(body)).body.accessToken as string;
    const draft = await newEvent(t, owner);
    const browser = new ConsoleClient(t);
    await browser.signIn(body.email, TEST_PASSWORD);
    const dashboard = await browser.get('/console');
    expect(dashboard.html).toContain('Confirm your email address to publish forums and send messages');
    expect(dashboard.html).toContain('Send the link again');

    const publish = await browser.post(`/console/events/${draft.id}/publish`, {}, `/console/events/${draft.id}/publish`);
    expect(publish.status).toBe(403);
    expect(publish.html).toContain('Confirm your email address first');
    expect(publish.html).toContain('Send the link again');

    const messages = `/console/events/${draft.id}/messages`;
    const send = await browser.post(messages, { audience: 'panel', 'subject.en': 'Hello', 'body.en': 'Hello all.' }, messages);
    expect(send.status).toBe(403);
    expect(send.html).toContain('Confirm your email address first');

    const resent = await browser.post('/console/email-confirmation', {}, '/console');
    expect([resent.status, resent.location]).toEqual([303, '/console?confirmationSent']);
    expect((await browser.get(resent.location!)).html).toContain('We have sent the link again');
    await sink.waitFor((received: ReceivedMail) => sink.to(body.email)(received) && CONFIRM_LINK.test(received.parsed.text ?? ''));
  });
});

describe('confirm-email mode answers a taken address as a new one', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => ({ sink, t } = await startMailedApp({ APP_URL, SIGNUP_MODE: 'confirm-email' })));
  afterAll(() => stopMailedApp({ t, sink }));

  it('answers 202 with the same words, creates nothing, and tells the account owner once an hour with a sign-in link', async () => {
    const [taken] = await t.sql<{ email: string }>(`SELECT email FROM organizers LIMIT 1`);
    const fresh = await t.api.post('/api/auth/signup', signupBody(t));
    const started = performance.now();
    const existing = await t.api.post('/api/auth/signup', signupBody(t, { email: taken!.email.toUpperCase() }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect([existing.status, existing.body]).toEqual([fresh.status, fresh.body]);
    expect(existing.status).toBe(202);
    expect(await t.sql(`SELECT count(*)::int AS n FROM organizations`)).toEqual([{ n: 2 }]);

    const notice = await sink.waitFor(sink.to(taken!.email));
    expect(notice.subject).toBe('Someone tried to sign up to Townhall with your address');
    expect(notice.parsed.text).toContain(`${APP_URL}/console`);
    expect(notice.parsed.text).not.toContain(TEST_PASSWORD);
    // A second try within the hour answers the same and mails nothing more.
    expect((await t.api.post('/api/auth/signup', signupBody(t, { email: taken!.email }))).status).toBe(202);
    await pause(1500);
    expect(sink.messages.filter(sink.to(taken!.email))).toHaveLength(1);
  });
});

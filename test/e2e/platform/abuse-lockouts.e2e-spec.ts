import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SIGN_INS_PER_ACCOUNT } from '../../../src/accounts/auth-throttles.js';
import { newEvent, newPublishedEvent } from '../../support/event-factory.js';
import { expectErrorShape, type ApiResponse } from '../../support/http.js';
import { rsvp, rsvpBody, startMailedApp, stopMailedApp } from '../../support/rsvps.js';
import type { SmtpSink } from '../../support/smtp-sink.js';
import { TEST_PASSWORD, type SignedUp, type TestApp } from '../../support/test-app.js';

const APP_URL = 'https://townhall.example.org';
const RESET_LINK = /https:\/\/townhall\.example\.org\/console\/password-reset\/([A-Za-z0-9_-]+)/;
const WRONG = 'not the right password at all';

const statuses = (responses: ApiResponse[]) => responses.map((response) => response.status);
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('nobody can lock a person out', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => ({ sink, t, org } = await startMailedApp({ APP_URL, TRUST_PROXY: 'true' })));
  afterAll(() => stopMailedApp({ t, sink }));

  it("counts only RSVPs that could book, per address and forum: 25 to a cancelled forum leave the person's booking elsewhere alone", async () => {
    const victim = t.uniqueEmail('victim');
    const cancelled = await newPublishedEvent(t, org.token);
    expect((await t.api.post(`/api/events/${cancelled.id}/cancel`, { reason: 'Rain' }, { token: org.token })).status).toBe(200);
    const draft = await newEvent(t, org.token);
    const other = await t.newOrganization('Another Coalition');
    const real = await newPublishedEvent(t, other.token);

    const spent = [
      ...(await Promise.all(Array.from({ length: 25 }, () => rsvp(t, cancelled.id, rsvpBody(t, { email: victim }))))),
      ...(await Promise.all(Array.from({ length: 25 }, () => rsvp(t, draft.id, rsvpBody(t, { email: victim }))))),
    ];
    expect(new Set(statuses(spent))).toEqual(new Set([409, 404]));
    // Nothing was booked and nobody was told.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.messages.filter(sink.to(victim))).toEqual([]);

    expect((await rsvp(t, real.id, rsvpBody(t, { email: victim }))).status).toBe(202);
    await sink.waitFor(sink.to(victim));
  });

  it('still stops mail-bombing one address at one forum, known or not alike, without touching its other forums', async () => {
    const forum = await newPublishedEvent(t, org.token);
    const elsewhere = await newPublishedEvent(t, org.token);
    for (const address of [t.uniqueEmail('bombed'), t.uniqueEmail('never-seen')]) {
      const answers = [];
      for (let i = 0; i < 21; i++) answers.push(await rsvp(t, forum.id, rsvpBody(t, { email: address }), `192.0.2.${i + 1}`));
      expect(statuses(answers)).toEqual([...Array(20).fill(202), 429]);
      expect(Number(answers[20]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await rsvp(t, elsewhere.id, rsvpBody(t, { email: address }))).status).toBe(202);
    }
  });

  it('limits password guesses per account and client address: the right password from elsewhere still signs in', async () => {
    const { email } = await t.newMember(org.organization.id, 'organizer');
    const login = (password: string, address: string) => t.api.post('/api/auth/login', { email, password }, from(address));
    const guesses = [];
    for (let i = 0; i < 10; i++) guesses.push(await login(WRONG, '203.0.113.5'));
    expect(new Set(statuses(guesses))).toEqual(new Set([401]));
    const blocked = expectErrorShape(await login(TEST_PASSWORD, '203.0.113.5'), 429);
    expect(blocked.code).toBe('too-many-requests');
    expect((await login(TEST_PASSWORD, '198.51.100.20')).status).toBe(200);
  });

  it('holds guessing spread over many addresses at 100 an hour per account, and a password reset lifts it', async () => {
    const { email } = await t.newMember(org.organization.id, 'organizer');
    const login = (password: string, address: string) => t.api.post('/api/auth/login', { email, password }, from(address));
    // The factory's own sign-in was the account's first attempt of the hour: 99 guesses reach the ceiling.
    const guesses = [];
    for (let i = 0; i < SIGN_INS_PER_ACCOUNT.limit - 1; i += 11) {
      guesses.push(...(await Promise.all(Array.from({ length: 11 }, (_, j) => login(WRONG, `10.0.${i}.${j + 1}`)))));
    }
    expect(guesses).toHaveLength(SIGN_INS_PER_ACCOUNT.limit - 1);
    expect(new Set(statuses(guesses))).toEqual(new Set([401]));
    expectErrorShape(await login(TEST_PASSWORD, '198.51.100.30'), 429);

    // The owner of the address resets the password: both limits start afresh.
    expect((await t.api.post('/api/auth/password-reset', { email }, from('198.51.100.30'))).status).toBe(202);
    const mail = await sink.waitFor((received) => sink.to(email)(received) && RESET_LINK.test(received.parsed.text ?? ''));
    const token = mail.parsed.text!.match(RESET_LINK)![1]!;
    const password = 'a brand new long password';
    expect((await t.api.post('/api/auth/password-reset/confirm', { token, password })).status).toBe(200);
    expect((await login(password, '198.51.100.30')).status).toBe(200);
    expect((await login(password, '10.0.0.1')).status).toBe(200);
  });
});

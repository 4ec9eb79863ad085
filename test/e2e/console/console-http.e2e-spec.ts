import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newEvent, newPublishedEvent } from '../../support/event-factory.js';
import { rsvp, rsvpBody } from '../../support/rsvps.js';
import { enqueue, invitationTo, outboxRowWhen } from '../../support/mail.js';
import { ConsoleClient } from '../../support/console.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../support/test-app.js';

describe('the organizer console over HTTP: session cookie, CSRF, roles and ownership', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Broome Residents Coalition');
  });
  afterAll(() => t.close());

  it('keeps the session in an HttpOnly, SameSite=Lax cookie that names a server-side session', async () => {
    const client = new ConsoleClient(t);
    const signedIn = await client.signIn(org.organizer.email, TEST_PASSWORD);
    expect(signedIn.location).toBe('/console');
    const cookie = signedIn.setCookies.find((line) => line.startsWith('console='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    const value = client.cookie('console')!;
    expect(value).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    // Only a hash of the token is stored.
    expect(JSON.stringify(await t.sql('SELECT * FROM console_sessions'))).not.toContain(value);
    expect((await client.get('/console')).html).toContain('<h1>Forums</h1>');
  });

  it('uses a __Host- cookie marked Secure when APP_URL is https', async () => {
    const secure = await TestApp.start({ APP_URL: 'https://townhall.example.org', DATABASE_URL: t.databaseUrl });
    try {
      const client = new ConsoleClient(secure);
      const signedIn = await client.signIn(org.organizer.email, TEST_PASSWORD);
      const cookie = signedIn.setCookies.find((line) => line.startsWith('__Host-console='))!;
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
    } finally {
      await secure.close();
    }
  });

  it('answers a wrong password and an unknown address alike, and throttles guesses per account', async () => {
    const member = await t.newMember(org.organization.id, 'organizer');
    const wrong = await new ConsoleClient(t).post(
      '/console/sign-in',
      { email: member.email, password: 'not the password at all' },
      '/console',
    );
    const unknown = await new ConsoleClient(t).post(
      '/console/sign-in',
      { email: t.uniqueEmail('nobody'), password: 'not the password at all' },
      '/console',
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /<p class="error"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(message(wrong.html)).toBe('The email or password is incorrect.');
    expect(message(unknown.html)).toBe(message(wrong.html));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      statuses.push(
        (await new ConsoleClient(t).post('/console/sign-in', { email: member.email, password: `guess number ${attempt}` }, '/console'))
          .status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    // The right password is refused too while the account is throttled, through the API as well.
    expect((await new ConsoleClient(t).post('/console/sign-in', { email: member.email, password: TEST_PASSWORD }, '/console')).status).toBe(
      429,
    );
    expect((await t.api.post('/api/auth/login', { email: member.email, password: TEST_PASSWORD })).status).toBe(429);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const response = await fetch(`${t.baseUrl}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: org.organizer.email, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(403);
  });

  it('sends a visitor without a session to sign in, and back to the page afterwards, never to another site', async () => {
    const client = new ConsoleClient(t);
    const refused = await client.get('/console/events/new');
    expect(refused.status).toBe(303);
    expect(refused.location).toBe('/console?next=%2Fconsole%2Fevents%2Fnew');
    const back = await client.post(
      '/console/sign-in',
      { email: org.organizer.email, password: TEST_PASSWORD, next: '/console/events/new' },
      '/console?next=%2Fconsole%2Fevents%2Fnew',
    );
    expect(back.location).toBe('/console/events/new');
    const elsewhere = await new ConsoleClient(t).post(
      '/console/sign-in',
      { email: org.organizer.email, password: TEST_PASSWORD, next: '//evil.example/console' },
      '/console',
    );
    expect(elsewhere.location).toBe('/console');
  });

  it('ends the session on the server at sign-out, so a copied cookie no longer works', async () => {
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const copied = new ConsoleClient(t);
    const stolen = client.cookie('console')!;
    const signedOut = await client.post('/console/sign-out', {}, '/console');
    expect(signedOut.location).toBe('/console?signedOut');
    const replay = await fetch(`${t.baseUrl}/console/organization`, { redirect: 'manual', headers: { cookie: `console=${stolen}` } });
    expect(replay.status).toBe(303);
    expect((await copied.get('/console/organization')).status).toBe(303);
  });

  it("shows a moderator the forums but not what is for owners and organizers, and another organization's forum as not found", async () => {
    const event = await newEvent(t, org.token, { title: 'Our forum' });
    const moderator = await t.newMember(org.organization.id, 'moderator');
    const client = new ConsoleClient(t);
    await client.signIn(moderator.email, TEST_PASSWORD);
    const dashboard = await client.get('/console');
    expect(dashboard.html).toContain('Our forum');
    expect(dashboard.html).not.toContain('href="/console/organization"');
    expect(dashboard.html).not.toContain('href="/console/events/new"');
    const overview = await client.get(`/console/events/${event.id}`);
    expect(overview.status).toBe(200);
    expect(overview.html).not.toContain(`/console/events/${event.id}/edit`);
    for (const path of [
      '/console/events/new',
      `/console/events/${event.id}/edit`,
      `/console/events/${event.id}/panel`,
      `/console/events/${event.id}/cancel`,
      '/console/organization',
    ]) {
      const refused = await client.get(path);
      expect([path, refused.status]).toEqual([path, 403]);
      expect(refused.html).toContain('Your role in this organization does not open this page.');
    }
    expect((await client.post(`/console/events/${event.id}/delete`, {}, '/console')).status).toBe(403);
    expect((await t.api.get(`/api/events/${event.id}`, { token: org.token })).status).toBe(200);

    const other = await t.newOrganization('Another coalition');
    const stranger = new ConsoleClient(t);
    await stranger.signIn(other.organizer.email, TEST_PASSWORD);
    for (const path of [
      `/console/events/${event.id}`,
      `/console/events/${event.id}/edit`,
      `/console/events/${event.id}/panel`,
      `/console/events/${event.id}/preview`,
      '/console/events/not-an-id',
    ]) {
      expect([path, (await stranger.get(path)).status]).toEqual([path, 404]);
    }
  });

  it('signs out a removed member everywhere at once', async () => {
    const member = await t.newMember(org.organization.id, 'organizer');
    const client = new ConsoleClient(t);
    await client.signIn(member.email, TEST_PASSWORD);
    expect((await client.get('/console')).status).toBe(200);
    const owner = new ConsoleClient(t);
    await owner.signIn(org.organizer.email, TEST_PASSWORD);
    const removed = await owner.post(
      `/console/organization/members/${member.id}/remove`,
      {},
      `/console/organization/members/${member.id}/remove`,
    );
    expect(removed.location).toBe('/console/organization?removed');
    expect((await client.get('/console')).html).toContain('<h1>Sign in</h1>');
    expect((await client.get('/console/organization')).status).toBe(303);
  });

  it("lists the organization's emails that failed and sends one again", async () => {
    const id = await enqueue(t, invitationTo('gone@example.org', { organizationId: org.organization.id }));
    await outboxRowWhen(t, id, (row) => row.status === 'sent');
    await t.sql(`UPDATE mail_outbox SET status = 'failed', last_error = '550 Mailbox unavailable' WHERE id = $1`, [id]);
    const client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
    const page = await client.get('/console/organization');
    expect(page.html).toContain('gone@example.org');
    expect(page.html).toContain('550 Mailbox unavailable');
    const retried = await client.post(`/console/organization/outbox/${id}/retry`, {}, '/console/organization');
    expect(retried.location).toBe('/console/organization?retried');
    expect((await t.sql('SELECT status FROM mail_outbox WHERE id = $1', [id]))[0].status).not.toBe('failed');
  });

  it("says when an ended forum's personal data goes, and lets an owner erase it now, counts kept", async () => {
    const event = await newPublishedEvent(t, org.token, { title: "Last month's forum", capacity: 20 });
    await rsvp(t, event.id, rsvpBody(t, { name: 'Rosa Residente', partySize: 2 }));
    // Before the end the owner is told why it must wait, and a post erases nothing.
    const early = new ConsoleClient(t);
    await early.signIn(org.organizer.email, TEST_PASSWORD);
    const overview = (await early.get(`/console/events/${event.id}`)).html;
    expect(overview).not.toContain(`/console/events/${event.id}/erase`);
    expect(overview).toContain('Personal data can be erased once the forum is over');
    const refused = await early.post(`/console/events/${event.id}/erase`, {}, `/console/events/${event.id}/erase`);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('Personal data can be erased once the forum is over');
    expect(refused.html).not.toContain('Erase now</button>');
    expect((await t.sql('SELECT name FROM rsvps WHERE event_id = $1', [event.id]))[0].name).toBe('Rosa Residente');
    // It ended two days ago (RETENTION_DAYS is 30 by default).
    await t.sql(`UPDATE events SET starts_at = now() - interval '2 days 2 hours', ends_at = now() - interval '2 days' WHERE id = $1`, [
      event.id,
    ]);
    const owner = new ConsoleClient(t);
    await owner.signIn(org.organizer.email, TEST_PASSWORD);
    expect((await owner.get('/console')).html).toContain('Personal data will be erased on');
    const organizer = await t.newMember(org.organization.id, 'organizer');
    const notOwner = new ConsoleClient(t);
    await notOwner.signIn(organizer.email, TEST_PASSWORD);
    expect((await notOwner.get(`/console/events/${event.id}`)).html).not.toContain('/erase');
    expect((await notOwner.post(`/console/events/${event.id}/erase`, {}, `/console/events/${event.id}`)).status).toBe(403);

    const confirm = await owner.get(`/console/events/${event.id}/erase`);
    expect(confirm.html).toContain('of 1 booking');
    const erased = await owner.post(`/console/events/${event.id}/erase`, {}, `/console/events/${event.id}/erase`);
    expect(erased.location).toBe(`/console/events/${event.id}?erased`);
    const [row] = await t.sql('SELECT name, email FROM rsvps WHERE event_id = $1', [event.id]);
    expect(row).toEqual({ name: null, email: null });
    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: org.token });
    expect(stats.body.seats).toMatchObject({ taken: 2 });
    expect(
      (await t.api.get('/api/organization/events', { token: org.token })).body.items.find((item: { id: string }) => item.id === event.id)
        .personalDataErasedAt,
    ).toEqual(expect.any(String));
    expect((await owner.get(`/console/events/${event.id}`)).html).toContain('Personal data erased on');
  });

  it('keeps an owner: the last one cannot step down or leave, and is told why', async () => {
    const solo = await t.newOrganization('Solo coalition');
    const client = new ConsoleClient(t);
    await client.signIn(solo.organizer.email, TEST_PASSWORD);
    const refused = await client.post(
      `/console/organization/members/${solo.organizer.id}/role`,
      { role: 'organizer' },
      '/console/organization',
    );
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('An organization always keeps an owner');
    expect((await client.post(`/console/organization/members/${solo.organizer.id}/remove`, {}, '/console/organization')).status).toBe(409);
    expect((await t.api.get('/api/me', { token: solo.token })).body.organizer.role).toBe('owner');
  });

  it('keeps the browser that changed the password signed in and signs out the others', async () => {
    const member = await t.newMember(org.organization.id, 'organizer');
    const here = new ConsoleClient(t);
    const elsewhere = new ConsoleClient(t);
    await here.signIn(member.email, TEST_PASSWORD);
    await elsewhere.signIn(member.email, TEST_PASSWORD);
    const wrong = await here.post(
      '/console/account/password',
      { currentPassword: 'not my password!!', password: 'a brand new password', passwordConfirmation: 'a brand new password' },
      '/console/account',
    );
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('This is not your current password.');
    const changed = await here.post(
      '/console/account/password',
      { currentPassword: TEST_PASSWORD, password: 'a brand new password', passwordConfirmation: 'a brand new password' },
      '/console/account',
    );
    expect(changed.location).toBe('/console/account?saved');
    expect((await here.get('/console/account')).status).toBe(200);
    expect((await elsewhere.get('/console/account')).status).toBe(303);
    expect((await t.api.post('/api/auth/login', { email: member.email, password: 'a brand new password' })).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { endedDaysAgo, newPublishedEvent, tonight } from '../../../support/event-factory.js';
import { expectErrorShape } from '../../../support/http.js';
import { bookWithoutEmail, solvedAltcha } from '../../../support/proof-of-work.js';
import { rsvp, rsvpBody, rsvpRows, startMailedApp, stopMailedApp } from '../../../support/rsvps.js';
import type { SmtpSink } from '../../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../../support/test-app.js';

/** Issue 16: holding a seat without giving an email address, through the API. */
describe('RSVP without an email address', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => ({ sink, t, org } = await startMailedApp()));
  afterAll(() => stopMailedApp({ t, sink }));

  /** The event as members see it, with exact counts. */
  const membersView = async (eventId: string) =>
    ((await t.api.get('/api/organization/events', { token: org.token })).body.items as { id: string; seatsWithoutEmail: number }[]).find(
      (item) => item.id === eventId,
    )!;
  const optional = (overrides: Record<string, unknown> = {}) =>
    newPublishedEvent(t, org.token, { rsvpContact: 'email-optional', ...overrides });

  it('is refused (400) where the forum requires an email, which stays the default, and books nothing', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 10 });
    expect(event.rsvpContact).toBe('email-required');
    const refused = await bookWithoutEmail(t, event.id, { name: 'Guest' });
    expectErrorShape(refused, 400);
    expect(refused.body.details).toEqual([{ field: 'email', message: 'is required for this forum' }]);
    expect(await rsvpRows(t, event.id)).toEqual([]);
  });

  it('refuses an email (400) where the forum asks for none, and still books without one', async () => {
    const event = await newPublishedEvent(t, org.token, { rsvpContact: 'none' });
    const withEmail = await rsvp(t, event.id, rsvpBody(t));
    expectErrorShape(withEmail, 400);
    expect(withEmail.body.details[0].field).toBe('email');
    expect((await bookWithoutEmail(t, event.id)).status).toBe(201);
  });

  it('books once per solved proof of work, shown once: status, code, and the only manage token', async () => {
    const event = await optional({ capacity: 10, ...tonight() });
    const altcha = await solvedAltcha(t);
    const body = { name: 'Guest', partySize: 3, language: 'es', accessibilityNeeds: 'Silla de ruedas', altcha };
    const booked = await t.api.post(`/api/events/${event.id}/rsvps`, body);
    expect(booked.status).toBe(201);
    expect(booked.headers.get('cache-control')).toBe('no-store');
    expect(booked.body).toEqual({
      rsvp: {
        id: expect.any(String),
        status: 'confirmed',
        partySize: 3,
        language: 'es',
        accessibilityNeeds: 'Silla de ruedas',
        waitlistPosition: null,
        checkInCode: expect.stringMatching(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/),
      },
      manageToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const own = await t.api.get(`/api/rsvps/${booked.body.manageToken}`);
    expect(own.body.rsvp).toEqual(booked.body.rsvp);
    // The same solution again books nothing more.
    expectErrorShape(await t.api.post(`/api/events/${event.id}/rsvps`, body), 400);
    const rows = await t.sql(`SELECT email, booked_without_email, party_size FROM rsvps WHERE event_id = $1`, [event.id]);
    expect(rows).toEqual([{ email: null, booked_without_email: true, party_size: 3 }]);
    // The door checks the party in by its code as anyone else's.
    const door = await t.api.post(`/api/events/${event.id}/check-in`, { code: booked.body.rsvp.checkInCode }, { token: org.token });
    expect(door.body).toMatchObject({ status: 'confirmed', partySize: 3, alreadyCheckedIn: false });
    expect(sink.messages).toHaveLength(0);
  });

  it('gets nothing booked for a bot loop without a solved proof of work', async () => {
    const event = await optional({ capacity: 100 });
    const challenge = (await t.api.get('/api/rsvp-challenge')).body;
    const unsolved = Buffer.from(JSON.stringify({ challenge, solution: { counter: 1, derivedKey: '00'.repeat(32) } })).toString('base64');
    const forged = await solvedAltcha(t).then((payload) => {
      const decoded = JSON.parse(Buffer.from(payload, 'base64').toString());
      decoded.challenge.parameters.cost = 1; // cheaper work, but the signature no longer matches
      return Buffer.from(JSON.stringify(decoded)).toString('base64');
    });
    const attempts = [undefined, '', 'not base64 at all', Buffer.from('{"x":1}').toString('base64'), unsolved, forged];
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempts[i % attempts.length]).map((altcha) =>
        t.api.post(`/api/events/${event.id}/rsvps`, {
          name: `Bot ${Math.random()}`,
          partySize: 4,
          language: 'en',
          ...(altcha === undefined ? {} : { altcha }),
        }),
      ),
    );
    for (const answer of answers) expectErrorShape(answer, 400);
    expect(new Set(answers.map((answer) => answer.body.details?.[0]?.field))).toEqual(new Set(['altcha']));
    expect(await rsvpRows(t, event.id)).toEqual([]);
    // A replayed solution, sent many times at once, books one seat and no more.
    const altcha = await solvedAltcha(t);
    const replays = await Promise.all(
      Array.from({ length: 8 }, () => t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Bot', partySize: 1, language: 'en', altcha })),
    );
    expect(replays.map((answer) => answer.status).sort()).toEqual([201, ...Array(7).fill(400)]);
    expect(await rsvpRows(t, event.id)).toHaveLength(1);
  });

  it("stops seats without an email at the forum's cap, waitlist included, under parallel requests, while email bookings go on", async () => {
    const event = await optional({ capacity: 8, noEmailSeatCap: 5 });
    // Solving is the slow part (as it should be): done first, then the requests go all at once.
    const payloads = await Promise.all(Array.from({ length: 6 }, () => solvedAltcha(t)));
    const answers = await Promise.all(
      payloads.map((altcha) => t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Guest', partySize: 2, language: 'en', altcha })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(2);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expectErrorShape(answer, 409);
      expect(answer.body.message).toMatch(/without an email address are all taken/);
    }
    expect((await bookWithoutEmail(t, event.id, { partySize: 1 })).status).toBe(201);
    expectErrorShape(await bookWithoutEmail(t, event.id, { partySize: 1 }), 409);
    // People who give an address are not held by the cap: they fill the hall, then wait.
    for (let i = 0; i < 2; i++) expect((await rsvp(t, event.id, rsvpBody(t, { partySize: 2 }))).status).toBe(202);
    expect(await membersView(event.id)).toMatchObject({
      noEmailSeatCap: 5,
      seatsWithoutEmail: 5,
      seats: { capacity: 8, taken: 7, waitlisted: 1 },
    });
    // The public view says no more than it did: the band, never these counts.
    const anyone = await t.api.get(`/api/events/${event.id}`);
    expect(anyone.body).not.toHaveProperty('seatsWithoutEmail');
    expect(anyone.body).not.toHaveProperty('noEmailSeatCap');
    expect(anyone.body.seats).toEqual({ capacity: 8, availability: 'waitlist' });

    // A booking without an email may not grow past the cap either, and cancelling frees its place under it.
    const first = answers.find((answer) => answer.status === 201)!.body.manageToken;
    expectErrorShape(await t.api.patch(`/api/rsvps/${first}`, { partySize: 3 }), 409);
    expect((await t.api.delete(`/api/rsvps/${first}`)).status).toBe(200);
    expect((await membersView(event.id)).seatsWithoutEmail).toBe(3);
    expect((await bookWithoutEmail(t, event.id, { partySize: 2 })).status).toBe(201);
  }, 180_000);

  it('lets the organizer release a burst booked without an email in one action, keeping those who gave one, and promotes the queue', async () => {
    const event = await optional({ capacity: 4 });
    const real = rsvpBody(t, { partySize: 2 });
    expect((await rsvp(t, event.id, real)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const burst = await Promise.all([1, 1].map(() => bookWithoutEmail(t, event.id, { name: 'Fake' })));
    // The window counts to the second: the real one after it must not share the burst's last second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await bookWithoutEmail(t, event.id, { name: 'Abuela', partySize: 2 });
    expect(waiting.body.rsvp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const list = (await t.api.get(`/api/events/${event.id}/rsvps`, { token: org.token })).body.items as {
      id: string;
      createdAt: string;
      email: string | null;
    }[];
    const times = list
      .filter((item) => burst.some((booked) => booked.body.rsvp.id === item.id))
      .map((item) => item.createdAt)
      .sort();
    const everyoneEarly = list.map((item) => item.createdAt).sort()[0];

    const released = await t.api.post(
      `/api/events/${event.id}/rsvps/release`,
      { from: everyoneEarly, to: times.at(-1), withoutEmailOnly: true },
      { token: org.token },
    );
    expect(released.body).toEqual({ released: 2 });
    const rows = await t.sql(`SELECT email, name, status FROM rsvps WHERE event_id = $1 ORDER BY arrival`, [event.id]);
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['Rosa Residente', 'confirmed'],
      ['Fake', 'cancelled'],
      ['Fake', 'cancelled'],
      ['Abuela', 'confirmed'],
    ]);
    expect((await t.api.get(`/api/rsvps/${waiting.body.manageToken}`)).body.rsvp.status).toBe('confirmed');
  });

  it('erases the name as for everyone: retention leaves the counts, and the link and feed stop working', async () => {
    const event = await optional({ capacity: 10 });
    const booked = await bookWithoutEmail(t, event.id, { name: 'Rosa R.', partySize: 2, accessibilityNeeds: 'Ramp' });
    expect((await t.api.get(`/api/rsvps/${booked.body.manageToken}/calendar.ics`)).status).toBe(200);
    await endedDaysAgo(t, event.id, 1); // "erase now" waits for the end
    const erased = await t.api.post(`/api/events/${event.id}/erase-personal-data`, undefined, { token: org.token });
    expect(erased.body).toEqual({ rsvpsErased: 1 });
    const [row] = await t.sql(`SELECT name, email, accessibility_needs, check_in_code, party_size, status FROM rsvps WHERE event_id = $1`, [
      event.id,
    ]);
    expect(row).toEqual({ name: null, email: null, accessibility_needs: null, check_in_code: null, party_size: 2, status: 'confirmed' });
    expectErrorShape(await t.api.get(`/api/rsvps/${booked.body.manageToken}`), 404);
    expectErrorShape(await t.api.get(`/api/rsvps/${booked.body.manageToken}/calendar.ics`), 404);
  });

  it('keeps a feed whose SEQUENCE rises with each change under one UID: waiting, promoted, moved, cancelled', async () => {
    const event = await optional({ capacity: 2 });
    const seated = await bookWithoutEmail(t, event.id, { partySize: 2 });
    const waiting = await bookWithoutEmail(t, event.id, { partySize: 1, language: 'es' });
    const feed = async () => {
      const response = await t.api.get(`/api/rsvps/${waiting.body.manageToken}/calendar.ics`);
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const calendar = new ICAL.Component(ICAL.parse(response.text));
      const vevent = calendar.getFirstSubcomponent('vevent')!;
      const one = (name: string) => String(vevent.getFirstPropertyValue(name));
      return {
        method: String(calendar.getFirstPropertyValue('method')),
        uid: one('uid'),
        sequence: Number(vevent.getFirstPropertyValue('sequence')),
        status: one('status'),
        summary: one('summary'),
        description: one('description'),
        start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
        attendees: vevent.getAllProperties('attendee').length,
      };
    };
    const steps = [await feed()];
    expect(steps[0]).toMatchObject({ method: 'PUBLISH', status: 'TENTATIVE', attendees: 0, summary: `Lista de espera: ${event.title}` });
    expect(steps[0]!.uid).toMatch(/^rsvp-[0-9a-f-]{36}@/);

    await t.api.delete(`/api/rsvps/${seated.body.manageToken}`);
    steps.push(await feed());
    expect(steps[1]).toMatchObject({
      status: 'CONFIRMED',
      summary: event.title,
      description: expect.stringContaining('pasó de la lista de espera'),
    });

    const moved = new Date(Date.parse(event.startsAt) + 24 * 3600_000).toISOString();
    await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: moved, endsAt: new Date(Date.parse(moved) + 7200_000).toISOString() },
      { token: org.token },
    );
    steps.push(await feed());
    expect(steps[2]!.start).toBe(moved.replace(/\.\d{3}Z$/, '.000Z'));

    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'Storm' }, { token: org.token });
    steps.push(await feed());
    expect(steps[3]!.status).toBe('CANCELLED');
    expect(new Set(steps.map((step) => step.uid)).size).toBe(1);
    const sequences = steps.map((step) => step.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { expectErrorShape } from '../../../support/http.js';
import { calendarPart, parseInvite } from '../../../support/invites.js';
import { booked, manageTokenIn, rsvp, rsvpBody, rsvpRows, startMailedApp, stopMailedApp, type RsvpRow } from '../../../support/rsvps.js';
import type { SmtpSink } from '../../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../../support/test-app.js';

/** Nobody confirmed arrived after the head of the queue, and the head does not fit. */
async function expectFairQueue(t: TestApp, eventId: string, capacity: number): Promise<RsvpRow[]> {
  const rows = await rsvpRows(t, eventId);
  const seats = rows.filter((row) => row.status === 'confirmed').reduce((sum, row) => sum + row.party_size, 0);
  const [event] = await t.sql(`SELECT seats_taken, waitlisted FROM events WHERE id = $1`, [eventId]);
  expect(event.seats_taken).toBe(seats);
  expect(seats).toBeLessThanOrEqual(capacity);
  const waiting = rows.filter((row) => row.status === 'waitlisted');
  expect(event.waitlisted).toBe(waiting.length);
  const head = waiting[0];
  if (head) {
    expect(seats + head.party_size).toBeGreaterThan(capacity);
    const overtakers = rows.filter((row) => row.status === 'confirmed' && BigInt(row.arrival) > BigInt(head.arrival));
    expect(overtakers).toEqual([]);
  }
  return rows;
}

describe("RSVPs: the waitlist and the attendee's own changes", () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => ({ sink, t, org } = await startMailedApp()));
  afterAll(() => stopMailedApp({ t, sink }));

  const manage = (token: string) => `/api/rsvps/${token}`;
  const statusOf = async (token: string) => (await t.api.get(manage(token))).body.rsvp;

  it('keeps the queue fair while cancellations race with new RSVPs', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 10 });
    const confirmed = await booked(
      t,
      sink,
      event.id,
      Array.from({ length: 10 }, () => rsvpBody(t)),
    );
    await booked(
      t,
      sink,
      event.id,
      Array.from({ length: 6 }, (_, i) => rsvpBody(t, { partySize: (i % 3) + 1 })),
    );
    const cancels = confirmed.slice(0, 5).map((token) => t.api.delete(manage(token)));
    const newcomers = Array.from({ length: 20 }, (_, i) => rsvp(t, event.id, rsvpBody(t, { partySize: (i % 4) + 1 })));
    const responses = await Promise.all([...cancels, ...newcomers]);
    expect(responses.slice(0, 5).map((response) => response.status)).toEqual(Array(5).fill(200));
    expect(responses.slice(5).map((response) => response.status)).toEqual(Array(20).fill(202));
    await expectFairQueue(t, event.id, 10);
  });

  it('promotes several in order when the capacity grows, never past a head that does not fit', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 4 });
    await booked(
      t,
      sink,
      event.id,
      Array.from({ length: 4 }, () => rsvpBody(t)),
    );
    const waiting = [2, 1, 3, 1].map((partySize) => rsvpBody(t, { partySize }));
    const [a, b, c, d] = await booked(t, sink, event.id, waiting);
    expect((await statusOf(d!)).waitlistPosition).toBe(4);

    const grown = await t.api.patch(`/api/events/${event.id}`, { capacity: 8 }, { token: org.token });
    expect(grown.body.seats).toEqual({ capacity: 8, taken: 7, left: 1, waitlisted: 2 });
    expect(await statusOf(a!)).toMatchObject({ status: 'confirmed', waitlistPosition: null, checkInCode: expect.any(String) });
    expect((await statusOf(b!)).status).toBe('confirmed');
    expect(await statusOf(c!)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await statusOf(d!)).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    await expectFairQueue(t, event.id, 8);

    const unlimited = await t.api.patch(`/api/events/${event.id}`, { capacity: null }, { token: org.token });
    expect(unlimited.body.seats).toEqual({ capacity: null, taken: 11, left: null, waitlisted: 0 });
    expect((await statusOf(d!)).status).toBe('confirmed');
    for (const body of waiting) {
      const address = String(body.email);
      const [, promoted] = await sink.waitForCount(sink.to(address), 2);
      expect(promoted!.subject).toBe("A seat opened up: you're confirmed for Community forum");
      const part = calendarPart(promoted!)!;
      const invite = parseInvite(part.ics);
      expect({ method: invite.method, partMethod: part.contentTypeMethod, sequence: invite.sequence }).toEqual({
        method: 'REQUEST',
        partMethod: 'REQUEST',
        sequence: 0,
      });
      expect(invite.attendees.map((attendee) => attendee.toLowerCase())).toEqual([`mailto:${address}`]);
      expect(manageTokenIn(promoted!, t.config.appUrl)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('passes over a waiting party that no longer fits the whole hall, and tells it', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 6 });
    const seated = await booked(
      t,
      sink,
      event.id,
      Array.from({ length: 3 }, () => rsvpBody(t)),
    );
    const bigBody = rsvpBody(t, { partySize: 4 });
    const [big, small] = await booked(t, sink, event.id, [bigBody, rsvpBody(t)]);
    const shrunk = await t.api.patch(`/api/events/${event.id}`, { capacity: 3 }, { token: org.token });
    expect(shrunk.status).toBe(200);
    expect((await statusOf(big!)).status).toBe('cancelled');
    expect(await statusOf(small!)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const told = await sink.waitFor((mail) => sink.to(String(bigBody.email))(mail) && mail.subject.startsWith('We could not keep'));
    expect(told.parsed.text).toContain('seats 3 people in all');
    expect(told.parsed.attachments).toEqual([]);

    expect((await t.api.delete(manage(seated[0]!))).body.rsvp.status).toBe('cancelled');
    expect((await statusOf(small!)).status).toBe('confirmed');
    await expectFairQueue(t, event.id, 3);
  });

  it('lets the party behind in when the head of the queue leaves it', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 3 });
    await booked(t, sink, event.id, [rsvpBody(t, { partySize: 2 })]);
    const [head, behind] = await booked(t, sink, event.id, [rsvpBody(t, { partySize: 3 }), rsvpBody(t)]);
    expect(await statusOf(behind!)).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    await t.api.delete(manage(head!));
    expect((await statusOf(behind!)).status).toBe('confirmed');
    await expectFairQueue(t, event.id, 3);
  });

  it('lets the attendee see, change and cancel their RSVP with the link', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 5, maxPartySize: 4 });
    const [mine, other] = await booked(t, sink, event.id, [
      rsvpBody(t, { accessibilityNeeds: 'Wheelchair space' }),
      rsvpBody(t, { partySize: 2 }),
    ]);
    const seen = await t.api.get(manage(mine!));
    expect(seen.status).toBe(200);
    expect(seen.body.rsvp).toEqual({
      id: expect.any(String),
      status: 'confirmed',
      partySize: 1,
      language: 'en',
      accessibilityNeeds: 'Wheelchair space',
      waitlistPosition: null,
      checkInCode: expect.stringMatching(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/),
    });
    // The attendee reads the public view of the event: seats as a band (docs/rsvps.md, "Public seat counts").
    expect(seen.body.event).toMatchObject({ id: event.id, seats: { capacity: 5, availability: 'few' } });
    expect((await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body.seats).toMatchObject({ taken: 3, waitlisted: 0 });
    expect(JSON.stringify(seen.body.event)).not.toMatch(/@/);

    const larger = await t.api.patch(manage(mine!), { partySize: 3, language: 'es', accessibilityNeeds: null });
    expect(larger.body).toMatchObject({ partySize: 3, language: 'es', accessibilityNeeds: null });
    expectErrorShape(await t.api.patch(manage(mine!), { partySize: 5 }), 400);
    expectErrorShape(await t.api.patch(manage(mine!), { partySize: 4 }), 409); // the hall is full
    const [waiting] = await booked(t, sink, event.id, [rsvpBody(t, { partySize: 2 })]);
    expect(await statusOf(waiting!)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(expectErrorShape(await t.api.patch(manage(other!), { partySize: 3 }), 409).message).toMatch(/waiting/);

    const smaller = await t.api.patch(manage(mine!), { partySize: 1 });
    expect(smaller.body.partySize).toBe(1);
    expect((await statusOf(waiting!)).status).toBe('confirmed');
    expectErrorShape(await t.api.patch(manage(mine!), { name: 'Renamed' }), 400);

    const cancelled = await t.api.delete(manage(mine!));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.rsvp).toMatchObject({ status: 'cancelled', waitlistPosition: null });
    expect((await t.api.delete(manage(mine!))).body.rsvp.status).toBe('cancelled');
    expect((await statusOf(mine!)).status).toBe('cancelled');
    expect(expectErrorShape(await t.api.patch(manage(mine!), { partySize: 1 }), 409).message).toMatch(/cancelled/);
    const [row] = await t.sql(`SELECT seats_taken FROM events WHERE id = $1`, [event.id]);
    expect(row.seats_taken).toBe(4);
  });

  it('cancels with erasure: the data is gone and the link stops working', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 5 });
    const body = rsvpBody(t, { accessibilityNeeds: 'Quiet seat' });
    const [token] = await booked(t, sink, event.id, [body]);
    const erased = await t.api.delete(`${manage(token!)}?erase=true`);
    expect(erased.body.rsvp).toMatchObject({ status: 'cancelled', accessibilityNeeds: null, checkInCode: null });
    const [row] = await t.sql(`SELECT name, email, accessibility_needs, check_in_code, erased_at FROM rsvps WHERE event_id = $1`, [
      event.id,
    ]);
    expect(row).toEqual({ name: null, email: null, accessibility_needs: null, check_in_code: null, erased_at: expect.any(Date) });
    expectErrorShape(await t.api.get(manage(token!)), 404);
    const cancelMail = await sink.waitFor((mail) => sink.to(String(body.email))(mail) && mail.subject.startsWith('Your RSVP is cancelled'));
    expect(cancelMail).toBeDefined();
    // The address is free again for a new RSVP.
    expect((await rsvp(t, event.id, body)).status).toBe(202);
    expect((await rsvpRows(t, event.id)).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
  });

  it('lets an attendee erase their data after the event was cancelled, and forgets the emails sent to them', async () => {
    const event = await newPublishedEvent(t, org.token);
    const body = rsvpBody(t);
    const [token] = await booked(t, sink, event.id, [body]);
    expect((await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'Storm' }, { token: org.token })).status).toBe(200);
    await sink.waitFor((mail) => sink.to(String(body.email))(mail) && /cancel/i.test(mail.subject));
    const sentTo = async () =>
      (
        await t.sql(`SELECT count(*)::int AS n FROM mail_outbox WHERE lower(recipient_address) = lower($1) AND status <> 'pending'`, [
          body.email,
        ])
      )[0].n;
    expect(await sentTo()).toBeGreaterThan(0);

    expectErrorShape(await t.api.delete(manage(token!)), 409);
    const erased = await t.api.delete(`${manage(token!)}?erase=true`);
    expect(erased.status).toBe(200);
    const [row] = await t.sql(`SELECT name, email, erased_at FROM rsvps WHERE event_id = $1`, [event.id]);
    expect(row).toEqual({ name: null, email: null, erased_at: expect.any(Date) });
    expect(await sentTo()).toBe(0);
    expectErrorShape(await t.api.get(manage(token!)), 404);
  });

  it('answers unknown and malformed links with 404, and a bad erase flag with 400', async () => {
    expectErrorShape(await t.api.get(manage('A'.repeat(43))), 404);
    expectErrorShape(await t.api.get(manage('short')), 404);
    expectErrorShape(await t.api.patch(manage('B'.repeat(43)), { partySize: 1 }), 404);
    expectErrorShape(await t.api.delete(manage('C'.repeat(43))), 404);
    const event = await newPublishedEvent(t, org.token);
    const [token] = await booked(t, sink, event.id, [rsvpBody(t)]);
    expectErrorShape(await t.api.delete(`${manage(token!)}?erase=maybe`), 400);
    expect((await t.api.get(manage(token!))).body.rsvp.status).toBe('confirmed');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventJobs } from '../../../../src/events/event-jobs.js';
import { endedDaysAgo, newPublishedEvent, tonight } from '../../../support/event-factory.js';
import { expectErrorShape } from '../../../support/http.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp } from '../../../support/rsvps.js';
import type { SmtpSink } from '../../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../../support/test-app.js';

describe('RSVPs: organizer tools, check-in, erasure and retention', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  let moderator: { token: string };
  let organizer: { token: string };
  beforeAll(async () => {
    ({ sink, t, org } = await startMailedApp({ RETENTION_DAYS: '30' }));
    moderator = await t.newMember(org.organization.id, 'moderator');
    organizer = await t.newMember(org.organization.id, 'organizer');
  });
  afterAll(() => stopMailedApp({ t, sink }));

  const list = (eventId: string, query = '', token = org.token) => t.api.get(`/api/events/${eventId}/rsvps${query}`, { token });

  it('lists RSVPs in arrival order with filters and cursor pagination, to owners and organizers only', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 3 });
    const bodies = [1, 2, 2, 1, 3].map((partySize) => rsvpBody(t, { partySize, accessibilityNeeds: partySize === 3 ? 'Ramp' : null }));
    const tokens = await booked(t, sink, event.id, bodies);
    await t.api.delete(`/api/rsvps/${tokens[3]}`);

    const first = await list(event.id, '?limit=2', organizer.token);
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { email: string }) => item.email)).toEqual([bodies[0]!.email, bodies[1]!.email]);
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      name: 'Rosa Residente',
      email: bodies[0]!.email,
      partySize: 1,
      status: 'confirmed',
      language: 'en',
      accessibilityNeeds: null,
      waitlistPosition: null,
      checkInCode: expect.stringMatching(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/),
      checkedInAt: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/),
    });
    const rest = await list(event.id, `?limit=2&cursor=${first.body.nextCursor}`);
    const last = await list(event.id, `?limit=2&cursor=${rest.body.nextCursor}`);
    expect(last.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...rest.body.items, ...last.body.items];
    expect(all.map((item) => [item.status, item.waitlistPosition])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['waitlisted', 1],
      ['cancelled', null],
      ['waitlisted', 2],
    ]);
    const waiting = await list(event.id, '?status=waitlisted');
    expect(waiting.body.items.map((item: { waitlistPosition: number }) => item.waitlistPosition)).toEqual([1, 2]);

    expectErrorShape(await list(event.id, '', moderator.token), 403);
    expectErrorShape(await list(event.id, '?status=maybe'), 400);
    expectErrorShape(await list(event.id, '?cursor=nonsense'), 400);
    expectErrorShape(await t.api.get(`/api/events/${event.id}/rsvps`), 401);
    const stranger = await t.newOrganization('Another coalition');
    expectErrorShape(await list(event.id, '', stranger.token), 404);

    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: moderator.token });
    expect(stats.body).toMatchObject({
      rsvps: { confirmed: 2, waitlisted: 2, cancelled: 1 },
      attendeesByLanguage: { en: 3, es: 0 },
      checkedIn: 0,
    });
  });

  it('exports CSV that a spreadsheet cannot run as formulas', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 10 });
    await booked(t, sink, event.id, [
      rsvpBody(t, { name: '=HYPERLINK("http://evil.example","click")', accessibilityNeeds: '+1 wheelchair, "front row"' }),
      rsvpBody(t, { name: '@SUM(A1:A9)', accessibilityNeeds: '-2' }),
    ]);
    const csv = await list(event.id, '?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="rsvps-.+\.csv"$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,name,email,partySize,status,language,accessibilityNeeds,waitlistPosition,checkInCode,checkedInAt,createdAt');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(lines[1]).toContain(`,"'+1 wheelchair, ""front row""",`);
    expect(lines[2]).toContain(`,'@SUM(A1:A9),`);
    expect(lines[2]).toContain(`,'-2,`);
    expect(lines.slice(1).every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true);
    expectErrorShape(await list(event.id, '?format=csv', moderator.token), 403);
    expectErrorShape(await list(event.id, '?format=xml'), 400);
  });

  it('checks people in by id or by code, moderators included, and refuses those without a seat', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 1, ...tonight() });
    const [seatedToken, waitingToken] = await booked(t, sink, event.id, [rsvpBody(t), rsvpBody(t)]);
    const seated = (await t.api.get(`/api/rsvps/${seatedToken}`)).body.rsvp;
    const waiting = (await t.api.get(`/api/rsvps/${waitingToken}`)).body.rsvp;
    const typed = seated.checkInCode.toLowerCase().replace('-', ' ');
    const byCode = await t.api.post(`/api/events/${event.id}/check-in`, { code: typed }, { token: moderator.token });
    expect(byCode.status).toBe(200);
    expect(byCode.body).toEqual({
      id: seated.id,
      status: 'confirmed',
      partySize: 1,
      checkInCode: seated.checkInCode,
      checkedInAt: expect.any(String),
      alreadyCheckedIn: false,
    });
    expect(JSON.stringify(byCode.body)).not.toMatch(/@|Rosa/);
    const again = await t.api.post(`/api/events/${event.id}/rsvps/${seated.id}/check-in`, undefined, { token: org.token });
    expect(again.body).toMatchObject({ checkedInAt: byCode.body.checkedInAt, alreadyCheckedIn: true });
    expectErrorShape(await t.api.post(`/api/events/${event.id}/rsvps/${waiting.id}/check-in`, undefined, { token: moderator.token }), 409);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/check-in`, { code: 'AAA-AAA' }, { token: moderator.token }), 404);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/check-in`, { code: 'O0O-I1I' }, { token: moderator.token }), 404);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/check-in`, {}, { token: moderator.token }), 400);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/rsvps/nope/check-in`, undefined, { token: moderator.token }), 404);
    await t.api.delete(`/api/rsvps/${seatedToken}`);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/rsvps/${seated.id}/check-in`, undefined, { token: org.token }), 409);
    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: moderator.token });
    expect(stats.body).toMatchObject({ checkedIn: 0, rsvps: { confirmed: 1, waitlisted: 0, cancelled: 1 } });
  });

  it("lets only the owner erase an event's personal data at once; counts remain", async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 5 });
    const [token] = await booked(t, sink, event.id, [rsvpBody(t, { accessibilityNeeds: 'Ramp' }), rsvpBody(t, { partySize: 2 })]);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/erase-personal-data`, undefined, { token: organizer.token }), 403);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/erase-personal-data`, undefined, { token: moderator.token }), 403);
    // Before the end, people still hold seats by their codes and links: refused, nothing erased.
    const early = await t.api.post(`/api/events/${event.id}/erase-personal-data`, undefined, { token: org.token });
    expectErrorShape(early, 409);
    expect(early.body.code).toBe('event-not-over');
    expect((await t.api.get(`/api/rsvps/${token}`)).status).toBe(200);
    await endedDaysAgo(t, event.id, 1);
    const erased = await t.api.post(`/api/events/${event.id}/erase-personal-data`, undefined, { token: org.token });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ rsvpsErased: 2 });
    const items = (await list(event.id)).body.items;
    expect(
      items.map((item: Record<string, unknown>) => [item.name, item.email, item.accessibilityNeeds, item.checkInCode, item.status]),
    ).toEqual([
      [null, null, null, null, 'confirmed'],
      [null, null, null, null, 'confirmed'],
    ]);
    expectErrorShape(await t.api.get(`/api/rsvps/${token}`), 404);
    expect((await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body.seats).toMatchObject({ taken: 3 });

    // A cancelled forum takes place for nobody: its data may go at once.
    const cancelled = await newPublishedEvent(t, org.token);
    await booked(t, sink, cancelled.id, [rsvpBody(t)]);
    expect((await t.api.post(`/api/events/${cancelled.id}/cancel`, { reason: 'The hall flooded.' }, { token: org.token })).status).toBe(
      200,
    );
    const now = await t.api.post(`/api/events/${cancelled.id}/erase-personal-data`, undefined, { token: org.token });
    expect([now.status, now.body]).toEqual([200, { rsvpsErased: 1 }]);
  });

  it('erases attendees RETENTION_DAYS after the event ends, and only then', async () => {
    const retention = t.app.get(EventJobs);
    const recent = await newPublishedEvent(t, org.token);
    const old = await newPublishedEvent(t, org.token);
    const [recentToken] = await booked(t, sink, recent.id, [rsvpBody(t)]);
    const [oldToken] = await booked(t, sink, old.id, [rsvpBody(t, { accessibilityNeeds: 'Interpreter' })]);
    await t.sql(`UPDATE events SET starts_at = now() - interval '31 days 2 hours', ends_at = now() - interval '31 days' WHERE id = $1`, [
      old.id,
    ]);
    await t.sql(`UPDATE events SET starts_at = now() - interval '29 days 2 hours', ends_at = now() - interval '29 days' WHERE id = $1`, [
      recent.id,
    ]);
    expect(await retention.eraseExpired()).toBeGreaterThanOrEqual(1);
    expect(await retention.eraseExpired()).toBe(0);

    expectErrorShape(await t.api.get(`/api/rsvps/${oldToken}`), 404);
    expect((await t.api.get(`/api/rsvps/${recentToken}`)).status).toBe(200);
    const rows = await t.sql(`SELECT name, email, accessibility_needs, check_in_code, status, party_size FROM rsvps WHERE event_id = $1`, [
      old.id,
    ]);
    expect(rows).toEqual([{ name: null, email: null, accessibility_needs: null, check_in_code: null, status: 'confirmed', party_size: 1 }]);
    const stats = await t.api.get(`/api/events/${old.id}/stats`, { token: org.token });
    expect(stats.body).toMatchObject({ rsvps: { confirmed: 1 }, seats: { taken: 1 } });

    // Two days later the recent event's turn comes.
    t.clock.advance(2 * 86_400_000);
    try {
      expect(await retention.eraseExpired()).toBe(1);
    } finally {
      t.clock.reset();
    }
    expectErrorShape(await t.api.get(`/api/rsvps/${recentToken}`), 404);
  });
});

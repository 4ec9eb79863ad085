import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { EventChangeNotifier, type EventChangeListener } from '../../../../src/events/event-changes.js';
import { expectErrorShape } from '../../../support/http.js';
import { newEvent, newPublishedEvent, panelistBody } from '../../../support/event-factory.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('changing, publishing, cancelling and deleting events', () => {
  let t: TestApp;
  let org: SignedUp;
  type Call = { inTransaction: boolean; args: unknown[] };
  const watched = new Map<keyof EventChangeListener, Call[]>();
  const record =
    (hook: keyof EventChangeListener) =>
    async (manager: EntityManager, ...args: unknown[]) => {
      watched.get(hook)?.push({ inTransaction: manager.queryRunner?.isTransactionActive === true, args });
    };
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
    const hooks = [
      'eventRescheduled',
      'eventCancelled',
      'panelistInvited',
      'panelistAccepted',
      'panelistDeclined',
      'panelistRemoved',
    ] as const;
    t.app.get(EventChangeNotifier).register(Object.fromEntries(hooks.map((hook) => [hook, record(hook)])));
  });
  afterEach(() => watched.clear());
  afterAll(() => t.close());

  const patch = (id: string, body: unknown) => t.api.patch(`/api/events/${id}`, body, { token: org.token });
  /** Records each call of the hook, from now on, with whether it ran inside an open transaction. */
  const watch = (hook: keyof EventChangeListener) => {
    const calls: Call[] = [];
    watched.set(hook, calls);
    return calls;
  };

  it('raises the sequence of a published event once per change of time, zone, venue or online URL', async () => {
    const event = await newPublishedEvent(t, org.token, {
      startsAt: '2026-12-03T18:30:00-05:00',
      endsAt: '2026-12-03T20:30:00-05:00',
      venue: { name: 'Hall' },
    });
    const rescheduled = watch('eventRescheduled');
    const steps: [unknown, number][] = [
      [{ title: 'Renamed', summary: 'More', capacity: 80, languages: ['en', 'es'] }, 0],
      [{ startsAt: '2026-12-03T23:30:00Z' }, 0], // the same instant written in UTC
      [{ startsAt: '2026-12-03T19:00:00-05:00' }, 1],
      [{ endsAt: '2026-12-03T21:00:00-05:00', venue: { name: 'Hall', room: 'Basement' } }, 2],
      [{ venue: { name: 'Hall', room: 'Basement', accessibilityNotes: 'Ramp at the back' } }, 2],
      [{ onlineUrl: 'https://stream.example.org/forum' }, 3],
      [{ timezone: 'America/Chicago' }, 4],
      [{ venue: null }, 5],
    ];
    for (const [body, sequence] of steps) {
      const response = await patch(event.id, body);
      expect(response.status).toBe(200);
      expect(response.body.sequence).toBe(sequence);
    }
    expect(rescheduled).toHaveLength(5);
    expect(rescheduled.every((call) => call.inTransaction)).toBe(true);
    expect(rescheduled[1]!.args[1]).toMatchObject({ changed: ['endsAt', 'venue'] });
    const after = await t.api.get(`/api/events/${event.id}`);
    expect(after.body).toMatchObject({
      sequence: 5,
      startsAt: '2026-12-03T18:00:00-06:00',
      venue: null,
      onlineUrl: 'https://stream.example.org/forum',
    });
  });

  it("tells a draft's panel when its time or place moves, raising the sequence as for a published event", async () => {
    const draft = await newEvent(t, org.token);
    const rescheduled = watch('eventRescheduled');
    const response = await patch(draft.id, {
      startsAt: '2027-01-10T18:00:00-05:00',
      endsAt: '2027-01-10T20:00:00-05:00',
      venue: { name: 'Elsewhere' },
    });
    expect(response.body).toMatchObject({ sequence: 1, startsAt: '2027-01-10T18:00:00-05:00' });
    expect(rescheduled).toHaveLength(1);
    expect(rescheduled[0]!.args[1]).toMatchObject({ changed: ['startsAt', 'endsAt', 'venue'] });
    expect((await patch(draft.id, { title: 'Renamed' })).body.sequence).toBe(1);
  });

  it('validates a partial update against the stored fields and changes nothing when it fails', async () => {
    const event = await newEvent(t, org.token, { startsAt: '2026-12-03T18:30:00-05:00', endsAt: '2026-12-03T20:30:00-05:00' });
    expectErrorShape(await patch(event.id, { endsAt: '2026-12-03T18:00:00-05:00' }), 400);
    expectErrorShape(await patch(event.id, { title: null }), 400);
    expectErrorShape(await patch(event.id, { title: 'Fine', waitlistEnabled: 'yes' }), 400);
    expectErrorShape(await patch(event.id, { title: 'Fine', slug: 'My own slug' }), 400);
    const stored = await t.api.get(`/api/events/${event.id}`, { token: org.token });
    expect(stored.body).toMatchObject({
      title: 'Community forum',
      slug: event.id, // a draft claims no address: its id stands in
      endsAt: '2026-12-03T20:30:00-05:00',
      waitlistEnabled: true,
    });
    const cleared = await patch(event.id, { capacity: 40, questions: { moderation: 'post' } });
    expect(cleared.body).toMatchObject({ capacity: 40, questions: { enabled: true, moderation: 'post', allowAnonymous: true } });
    expect((await patch(event.id, { capacity: null })).body.capacity).toBeNull();
  });

  it('refuses a capacity below the seats already taken with 409', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 50 });
    await t.sql('UPDATE events SET seats_taken = 30 WHERE id = $1', [event.id]);
    const body = expectErrorShape(await patch(event.id, { capacity: 29 }), 409);
    expect(body.message).toMatch(/30 seats/);
    expect(body.code).toBe('capacity-below-taken');
    const exact = await patch(event.id, { capacity: 30 });
    expect(exact.body.seats).toEqual({ capacity: 30, taken: 30, left: 0, waitlisted: 0 });
    expect((await patch(event.id, { capacity: null })).body.seats).toEqual({ capacity: null, taken: 30, left: null, waitlisted: 0 });
  });

  it('publishes a draft once', async () => {
    const draft = await newEvent(t, org.token);
    const published = await t.api.post(`/api/events/${draft.id}/publish`, undefined, { token: org.token });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', sequence: 0, slug: expect.stringMatching(/^community-forum-[0-9-]+$/) });
    expect((await t.api.get(`/api/events/${published.body.slug}`)).status).toBe(200);
    expect(expectErrorShape(await t.api.post(`/api/events/${draft.id}/publish`, undefined, { token: org.token }), 409).code).toBe(
      'not-a-draft',
    );
  });

  it('cancels a published event with a reason, raising its sequence, once', async () => {
    const event = await newPublishedEvent(t, org.token);
    const cancelled = watch('eventCancelled');
    expectErrorShape(await t.api.post(`/api/events/${event.id}/cancel`, {}, { token: org.token }), 400);
    expectErrorShape(await t.api.post(`/api/events/${event.id}/cancel`, { reason: '   ' }, { token: org.token }), 400);
    const response = await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'Snowstorm, new date soon.' }, { token: org.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'cancelled', sequence: 1, cancellationReason: 'Snowstorm, new date soon.' });
    expect(cancelled).toEqual([
      { inTransaction: true, args: [expect.objectContaining({ id: event.id, sequence: 1 }), 'Snowstorm, new date soon.'] },
    ]);

    expect(expectErrorShape(await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'Again' }, { token: org.token }), 409).code).toBe(
      'event-cancelled',
    );
    expectErrorShape(await t.api.post(`/api/events/${event.id}/publish`, undefined, { token: org.token }), 409);
    expect(expectErrorShape(await patch(event.id, { title: 'Back on' }), 409).code).toBe('event-cancelled');
    const publicView = await t.api.get(`/api/events/${event.id}`);
    expect(publicView.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Snowstorm, new date soon.' });
    const list = await t.api.get('/api/events?limit=200');
    expect(list.text).not.toContain(event.id);
  });

  it('refuses to cancel a draft (delete it instead)', async () => {
    const draft = await newEvent(t, org.token);
    expect(
      expectErrorShape(await t.api.post(`/api/events/${draft.id}/cancel`, { reason: 'Never mind' }, { token: org.token }), 409).code,
    ).toBe('draft-never-announced');
  });

  it('deletes drafts only, with their panelists, who are told', async () => {
    const draft = await newEvent(t, org.token);
    await t.api.post(`/api/events/${draft.id}/panelists`, panelistBody(t), { token: org.token });
    const removed = watch('panelistRemoved');
    const response = await t.api.delete(`/api/events/${draft.id}`, { token: org.token });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(removed).toHaveLength(1);
    expect(await t.sql('SELECT id FROM panelists WHERE event_id = $1', [draft.id])).toEqual([]);
    expectErrorShape(await t.api.get(`/api/events/${draft.id}`, { token: org.token }), 404);
    expectErrorShape(await t.api.delete(`/api/events/${draft.id}`, { token: org.token }), 404);

    const published = await newPublishedEvent(t, org.token);
    expect(expectErrorShape(await t.api.delete(`/api/events/${published.id}`, { token: org.token }), 409).code).toBe('not-a-draft');
  });

  it('counts for members: seats, panelists by status, and zeros for what comes later', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 100 });
    for (let i = 0; i < 3; i++) await t.api.post(`/api/events/${event.id}/panelists`, panelistBody(t), { token: org.token });
    await t.sql(`UPDATE panelists SET status = 'declined' WHERE id = (SELECT id FROM panelists WHERE event_id = $1 LIMIT 1)`, [event.id]);
    await t.sql('UPDATE events SET seats_taken = 12 WHERE id = $1', [event.id]);
    const stats = await t.api.get(`/api/events/${event.id}/stats`, { token: org.token });
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      eventId: event.id,
      seats: { capacity: 100, taken: 12, left: 88, waitlisted: 0 },
      rsvps: { confirmed: 0, waitlisted: 0, cancelled: 0 },
      checkedIn: 0,
      attendeesByLanguage: { en: 0, es: 0 },
      partySizes: {},
      accessibilityNeeds: { parties: 0, seats: 0 },
      walkIns: 0,
      bookingsOverTime: { unit: 'day', points: [] },
      arrivals: [],
      questions: { pending: 0, approved: 0, rejected: 0, answered: 0 },
      panelists: { invited: 2, confirmed: 0, declined: 1 },
    });
    expectErrorShape(await t.api.get(`/api/events/${event.id}/stats`), 401);
  });
});

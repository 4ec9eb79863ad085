import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { expectErrorShape } from '../../../support/http.js';
import { calendarPart, parseInvite } from '../../../support/invites.js';
import { booked, rsvpBody, rsvpRows, startMailedApp, stopMailedApp } from '../../../support/rsvps.js';
import type { SmtpSink } from '../../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../../support/test-app.js';

/** The list as organizers see it, by email. */
async function listed(t: TestApp, org: SignedUp, eventId: string) {
  const list = await t.api.get(`/api/events/${eventId}/rsvps`, { token: org.token });
  return new Map<string, { id: string; status: string; createdAt: string }>(
    list.body.items.map((item: { email: string }) => [item.email, item]),
  );
}

describe('RSVPs: organizers cancel a booking, or release a burst by time window', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => ({ sink, t, org } = await startMailedApp()));
  afterAll(() => stopMailedApp({ t, sink }));

  it('cancels one booking for the attendee, who is told, and gives the seats to the waitlist', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 2 });
    const [caller, waiting] = [rsvpBody(t, { partySize: 2 }), rsvpBody(t, { partySize: 2 })];
    await booked(t, sink, event.id, [caller, waiting]);
    const rsvps = await listed(t, org, event.id);
    const id = rsvps.get(String(caller.email))!.id;

    const moderator = await t.newMember(org.organization.id, 'moderator');
    expectErrorShape(await t.api.delete(`/api/events/${event.id}/rsvps/${id}`, { token: moderator.token }), 403);
    const stranger = await t.newOrganization('Elsewhere');
    expectErrorShape(await t.api.delete(`/api/events/${event.id}/rsvps/${id}`, { token: stranger.token }), 404);
    expectErrorShape(await t.api.delete(`/api/events/${event.id}/rsvps/not-an-id`, { token: org.token }), 404);

    const cancelled = await t.api.delete(`/api/events/${event.id}/rsvps/${id}`, { token: org.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.rsvp).toMatchObject({ id, status: 'cancelled', partySize: 2, waitlistPosition: null });
    const told = await sink.waitFor((mail) => sink.to(String(caller.email))(mail) && /organizers cancelled/i.test(mail.subject));
    expect(told.parsed.text).toContain('The organizers have cancelled your RSVP');
    expect(parseInvite(calendarPart(told)!.ics)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
    // The waiting party of two now fits, as it would after the attendee's own cancellation.
    await sink.waitFor((mail) => sink.to(String(waiting.email))(mail) && calendarPart(mail)?.contentTypeMethod === 'REQUEST');
    expect((await listed(t, org, event.id)).get(String(waiting.email))!.status).toBe('confirmed');

    const again = await t.api.delete(`/api/events/${event.id}/rsvps/${id}`, { token: org.token });
    expect(again.body.rsvp.status).toBe('cancelled');
    expect(sink.messages.filter((mail) => sink.to(String(caller.email))(mail) && /cancelled/i.test(mail.subject))).toHaveLength(1);
  });

  it('releases every active booking of a burst in one action, each told, and promotes the waitlist in order', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 6 });
    const early = rsvpBody(t);
    await booked(t, sink, event.id, [early]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const burst = Array.from({ length: 5 }, () => rsvpBody(t, { name: 'Fake Name' }));
    await Promise.all(burst.map((body) => t.api.post(`/api/events/${event.id}/rsvps`, body)));
    await sink.waitForCount((mail) => burst.some((body) => sink.to(String(body.email))(mail)), 5);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const late = [rsvpBody(t, { partySize: 3 }), rsvpBody(t)];
    await booked(t, sink, event.id, late);

    const before = await listed(t, org, event.id);
    expect(before.get(String(late[0]!.email))!.status).toBe('waitlisted');
    const times = burst.map((body) => before.get(String(body.email))!.createdAt).sort();
    const window = { from: times[0], to: times.at(-1) };
    expectErrorShape(
      await t.api.post(`/api/events/${event.id}/rsvps/release`, window, {
        token: (await t.newMember(org.organization.id, 'moderator')).token,
      }),
      403,
    );
    expectErrorShape(
      await t.api.post(
        `/api/events/${event.id}/rsvps/release`,
        { from: window.to, to: before.get(String(early.email))!.createdAt },
        { token: org.token },
      ),
      400,
    );
    expectErrorShape(
      await t.api.post(`/api/events/${event.id}/rsvps/release`, { from: 'yesterday', to: window.to }, { token: org.token }),
      400,
    );

    const released = await t.api.post(`/api/events/${event.id}/rsvps/release`, window, { token: org.token });
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ released: 5 });

    const after = await listed(t, org, event.id);
    for (const body of burst) expect(after.get(String(body.email))!.status).toBe('cancelled');
    expect(after.get(String(early.email))!.status).toBe('confirmed');
    expect(after.get(String(late[0]!.email))!.status).toBe('confirmed');
    expect(after.get(String(late[1]!.email))!.status).toBe('confirmed');
    const [seats] = await t.sql(`SELECT seats_taken, waitlisted FROM events WHERE id = $1`, [event.id]);
    expect(seats).toEqual({ seats_taken: 5, waitlisted: 0 });
    await sink.waitForCount(
      (mail) => burst.some((body) => sink.to(String(body.email))(mail)) && /organizers cancelled/i.test(mail.subject),
      5,
    );
    await sink.waitFor((mail) => sink.to(String(late[0]!.email))(mail) && calendarPart(mail)?.contentTypeMethod === 'REQUEST');

    // Nothing left in the window: releasing again changes nothing.
    expect((await t.api.post(`/api/events/${event.id}/rsvps/release`, window, { token: org.token })).body).toEqual({ released: 0 });
    expect((await rsvpRows(t, event.id)).filter((row) => row.status !== 'cancelled')).toHaveLength(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newForum } from '../../../support/pages.js';
import { booked, rsvp, rsvpBody, startMailedApp, stopMailedApp, type MailedApp } from '../../../support/rsvps.js';

/**
 * Issue 20, played as the adversary: on a quiet forum they read every public surface, RSVP
 * with someone else's address (the largest party, to move counts the most) and read again.
 * Booked earlier or new, the two cases must look the same. The stated limit: seats are shown
 * in bands (20 or more left, fewer than 20, 5 or fewer, waitlist, full), so a booking that
 * crosses an edge still moves the band; the last test shows that edge, and it is what the
 * README says a watcher can still learn.
 */
describe('public seat counts tell nobody who is booked', () => {
  let mailed: MailedApp;
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Broome Residents Coalition');
  });
  afterAll(() => stopMailedApp(mailed));

  /** Every public surface that reflects bookings, read as a stranger would, minus what differs per request anyway. */
  async function publicSurfaces(event: { id: string; slug: string }) {
    const { t, org } = mailed;
    const paths = [
      `/api/events/${event.id}`,
      `/api/events/${event.slug}`,
      '/api/events?limit=200',
      `/api/events/${event.slug}/event.ics`,
      `/api/organizations/${org.organization.slug}/events.ics`,
      '/',
      `/events/${event.slug}`,
      `/events/${event.slug}/questions`,
      `/events/${event.slug}/screen`,
    ];
    const seen: Record<string, string> = {};
    for (const path of paths) {
      const response = await t.api.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      seen[path] = response.text
        .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""') // a fresh token for each cookie-less reader
        .replace(/^DTSTAMP:.*$/gm, 'DTSTAMP:'); // when the feed was generated
    }
    return seen;
  }

  async function adversaryRsvps(eventId: string, email: string) {
    const { t, sink } = mailed;
    const before = sink.messages.filter(sink.to(email)).length;
    const response = await rsvp(t, eventId, rsvpBody(t, { email, partySize: 4, name: 'Somebody Else' }));
    expect(response.status).toBe(202);
    // The email is queued in the booking's transaction: once it arrives, everything the RSVP changed is visible.
    await sink.waitForCount(sink.to(email), before + 1);
  }

  it('shows the same public surfaces after an RSVP for a booked address and for a new one, while members see exact counts move', async () => {
    const { t, sink, org } = mailed;
    const { event } = await newForum(t, org, { capacity: 40, maxPartySize: 4 });
    const victim = t.uniqueEmail('victim');
    await booked(t, sink, event.id, [rsvpBody(t, { partySize: 2 }), rsvpBody(t, { email: victim, partySize: 1 })]);
    const stats = async () => (await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body.seats;
    expect(await stats()).toEqual({ capacity: 40, taken: 3, left: 37, waitlisted: 0 });

    // The address was booked earlier: nothing is booked, nothing public changes.
    const beforeKnown = await publicSurfaces(event);
    await adversaryRsvps(event.id, victim);
    expect(await publicSurfaces(event)).toEqual(beforeKnown);
    expect(await stats()).toEqual({ capacity: 40, taken: 3, left: 37, waitlisted: 0 });

    // A new address: four seats are booked, and still nothing public changes.
    await adversaryRsvps(event.id, t.uniqueEmail('stranger'));
    expect(await publicSurfaces(event)).toEqual(beforeKnown);
    expect(await stats()).toEqual({ capacity: 40, taken: 7, left: 33, waitlisted: 0 });

    // What the public does see: whether there is a seat, in words and as a band.
    const publicView = (await t.api.get(`/api/events/${event.slug}`)).body;
    expect(publicView.seats).toEqual({ capacity: 40, availability: 'plenty' });
    expect(beforeKnown[`/events/${event.slug}`]).toContain('Seats available');
    for (const text of Object.values(beforeKnown)) expect(text).not.toMatch(/\b(3[3-7]) seats? left\b|"(taken|left|waitlisted)"/);
  });

  it('keeps exact counts for members: the stats, their event views, but the public GET is public even with their token', async () => {
    const { t, sink, org } = mailed;
    const { event } = await newForum(t, org, { capacity: 10, maxPartySize: 4 });
    await booked(t, sink, event.id, [rsvpBody(t, { partySize: 4 }), rsvpBody(t, { partySize: 4 }), rsvpBody(t, { partySize: 3 })]);
    const exact = { capacity: 10, taken: 8, left: 2, waitlisted: 1 };
    expect((await t.api.get(`/api/events/${event.id}/stats`, { token: org.token })).body.seats).toEqual(exact);
    const moderator = await t.newMember(org.organization.id, 'moderator');
    expect((await t.api.get(`/api/events/${event.id}/stats`, { token: moderator.token })).body.seats).toEqual(exact);
    const own = (await t.api.get('/api/organization/events?limit=200', { token: org.token })).body.items;
    expect(own.find((item: { id: string }) => item.id === event.id).seats).toEqual(exact);
    expect((await t.api.get(`/api/events/${event.id}`, { token: org.token })).body.seats).toEqual({
      capacity: 10,
      availability: 'waitlist',
    });
    expect((await t.api.get(`/events/${event.slug}`)).text).toContain('Join the waitlist');
  });

  it('states the limit: at a band edge, one more seat taken moves the band, which a known address does not', async () => {
    const { t, sink, org } = mailed;
    const { event } = await newForum(t, org, { capacity: 24, maxPartySize: 4 });
    const victim = t.uniqueEmail('victim');
    await booked(t, sink, event.id, [rsvpBody(t, { email: victim, partySize: 4 })]); // exactly 20 left: the edge
    const availability = async () => (await t.api.get(`/api/events/${event.id}`)).body.seats.availability;
    expect(await availability()).toBe('plenty');
    await adversaryRsvps(event.id, victim);
    expect(await availability()).toBe('plenty');
    await adversaryRsvps(event.id, t.uniqueEmail('stranger'));
    expect(await availability()).toBe('limited');
  });
});

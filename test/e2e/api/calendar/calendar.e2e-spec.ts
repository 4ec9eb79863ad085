import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { newEvent, newPublishedEvent, panelistBody } from '../../../support/event-factory.js';
import { parseCalendar, rawLines } from '../../../support/ics.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('calendars', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start({ APP_URL: 'https://forums.example.org', MAIL_FROM: 'Townhall <no-reply@forums.example.org>' });
    org = await t.newOrganization('Neighbors, United; Broome 🌎');
  });
  afterAll(() => t.close());

  const ics = (path: string, token?: string) => t.api.get(path, { token });

  it('serves one event as METHOD:PUBLISH in its own zone, with a stable UID and no personal data', async () => {
    const event = await newPublishedEvent(t, org.token, {
      title: 'Forum, part 1; bring questions 🎉',
      description: 'First line\nSecond line, with a comma',
      startsAt: '2026-11-01T18:30:00-05:00',
      endsAt: '2026-11-01T20:30:00-05:00',
      venue: { name: 'Fellowship hall', address: '42 Main St, Binghamton, NY' },
    });
    const panelist = panelistBody(t);
    await t.api.post(`/api/events/${event.id}/panelists`, panelist, { token: org.token });

    const response = await ics(`/api/events/${event.slug}/event.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { method, zones, events } = parseCalendar(response.text);
    expect(method).toBe('PUBLISH');
    expect(zones).toEqual(['America/New_York']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      uid: `event-${event.id}@forums.example.org`,
      sequence: 0,
      status: 'CONFIRMED',
      summary: 'Forum, part 1; bring questions 🎉',
      location: 'Fellowship hall, 42 Main St, Binghamton, NY',
      url: `https://forums.example.org/events/${event.slug}`,
      startLocal: '2026-11-01T18:30:00',
      startZone: 'America/New_York',
      organizer: { name: 'Neighbors, United; Broome 🌎', address: 'mailto:no-reply@forums.example.org' },
      attendees: [],
    });
    expect(events[0]!.description).toContain('First line\nSecond line, with a comma');
    expect(events[0]!.start.toISOString()).toBe('2026-11-01T23:30:00.000Z');
    expect(rawLines(response.text, 'DTSTAMP')).toEqual([expect.stringMatching(/^DTSTAMP:\d{8}T\d{6}Z$/)]);
    expect(response.text).not.toContain(String(panelist.email));
    expect(response.text).not.toMatch(/ATTENDEE|X-WR-CALNAME/);

    const byId = await ics(`/api/events/${event.id}/event.ics`);
    expect(parseCalendar(byId.text).events[0]!.uid).toBe(events[0]!.uid);
  });

  it('keeps the UID and raises SEQUENCE when the event moves, and uses the contact email as ORGANIZER', async () => {
    await t.api.patch('/api/organization', { contactEmail: 'forums@neighbors.example' }, { token: org.token });
    const event = await newPublishedEvent(t, org.token, { startsAt: '2026-10-31T18:30:00-04:00', endsAt: '2026-10-31T20:30:00-04:00' });
    const before = parseCalendar((await ics(`/api/events/${event.id}/event.ics`)).text).events[0]!;
    await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: '2026-11-01T18:30:00-05:00', endsAt: '2026-11-01T20:30:00-05:00' },
      { token: org.token },
    );
    const after = parseCalendar((await ics(`/api/events/${event.id}/event.ics`)).text).events[0]!;
    expect(after.uid).toBe(before.uid);
    expect([before.sequence, after.sequence]).toEqual([0, 1]);
    expect([before.startLocal, after.startLocal]).toEqual(['2026-10-31T18:30:00', '2026-11-01T18:30:00']);
    expect(after.start.getTime() - before.start.getTime()).toBe(25 * 3600 * 1000);
    expect(after.organizer).toEqual({ name: 'Neighbors, United; Broome 🌎', address: 'mailto:forums@neighbors.example' });
    await t.api.patch('/api/organization', { contactEmail: null }, { token: org.token });
  });

  it("feeds the organization's published and cancelled events, never drafts", async () => {
    const fresh = await t.newOrganization('Feed Org');
    const published = await newPublishedEvent(t, fresh.token, { title: 'On' });
    const cancelled = await newPublishedEvent(t, fresh.token, { title: 'Off' });
    await t.api.post(`/api/events/${cancelled.id}/cancel`, { reason: 'Storm' }, { token: fresh.token });
    const draft = await newEvent(t, fresh.token, { title: 'Secret' });

    const response = await ics(`/api/organizations/${fresh.organization.slug}/events.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { method, events } = parseCalendar(response.text);
    expect(method).toBe('PUBLISH');
    const byTitle = Object.fromEntries(events.map((event) => [event.summary, event]));
    expect(Object.keys(byTitle).sort()).toEqual(['Off', 'On']);
    expect(byTitle.On).toMatchObject({ uid: `event-${published.id}@forums.example.org`, status: 'CONFIRMED', sequence: 0 });
    expect(byTitle.Off).toMatchObject({ uid: `event-${cancelled.id}@forums.example.org`, status: 'CANCELLED', sequence: 1 });
    expect(response.text).not.toContain(draft.id);
    expect(rawLines(response.text, 'X-WR-CALNAME')).toEqual(['X-WR-CALNAME:Feed Org']);
    expect(response.text).not.toMatch(/ATTENDEE/);
  });

  it('answers 404 for drafts outside their organization, unknown events and unknown organizations', async () => {
    const draft = await newEvent(t, org.token);
    expectErrorShape(await ics(`/api/events/${draft.id}/event.ics`), 404);
    expectErrorShape(await ics(`/api/events/${draft.slug}/event.ics`, (await t.newOrganization('Nosy')).token), 404);
    expect((await ics(`/api/events/${draft.id}/event.ics`, org.token)).status).toBe(200);
    expectErrorShape(await ics('/api/events/no-such-event/event.ics'), 404);
    expectErrorShape(await ics('/api/organizations/no-such-organization/events.ics'), 404);
  });
});

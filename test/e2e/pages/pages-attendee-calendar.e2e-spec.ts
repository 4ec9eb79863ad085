import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../support/event-factory.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp, type MailedApp } from '../../support/rsvps.js';

/** The attendee's page offers one calendar link: their own feed, which follows their booking. */
describe("the attendee page's calendar link", () => {
  let mailed: MailedApp;
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Calendar Coalition');
  });
  afterAll(() => stopMailedApp(mailed));

  const calendarLinks = (html: string) => [...html.matchAll(/href="([^"]*\.ics)"/g)].map((match) => match[1]!);

  it('shows only the feed that follows the booking, in plain words; the forum page keeps its generic file', async () => {
    const { t, sink, org } = mailed;
    const event = await newPublishedEvent(t, org.token);
    const [token] = await booked(t, sink, event.id, [rsvpBody(t)]);

    const html = await (await fetch(`${t.baseUrl}/rsvp/${token}`)).text();
    const feed = `${t.config.appUrl}/rsvp/${token}/calendar.ics`;
    expect(calendarLinks(html)).toEqual([feed.replace(/^https?:/, 'webcal:'), feed]);
    expect(html).toContain('>Add to my calendar</a>');
    expect(html).toContain('Your calendar will follow changes to your booking and the forum');
    expect(html).not.toContain('/event.ics');
    // Both links answer the attendee's own calendar.
    const file = await fetch(feed.replace(t.config.appUrl, t.baseUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);

    const publicPage = await (await fetch(`${t.baseUrl}/events/${event.slug}`)).text();
    expect(calendarLinks(publicPage)).toEqual([`/api/events/${event.slug}/event.ics`]);
  });
});

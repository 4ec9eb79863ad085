import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../support/event-factory.js';
import { calendarPart, parseInvite } from '../../support/invites.js';
import { invitePanelist } from '../../support/pages.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp } from '../../support/rsvps.js';
import type { ReceivedMail, SmtpSink } from '../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../support/test-app.js';

describe('a change of time zone alone re-sends the invite and says what changed', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => ({ sink, t, org } = await startMailedApp({ APP_URL: 'https://townhall.example.org' })));
  afterAll(() => stopMailedApp({ t, sink }));

  const inviteOf = (mail: ReceivedMail) => parseInvite(calendarPart(mail)!.ics);

  it('tells English and Spanish attendees and the panel that only the zone changed, never "the time has changed"', async () => {
    const event = await newPublishedEvent(t, org.token, {
      startsAt: '2031-03-06T23:30:00Z',
      endsAt: '2031-03-07T01:30:00Z',
      timezone: 'America/New_York',
    });
    const english = rsvpBody(t);
    const spanish = rsvpBody(t, { language: 'es' });
    await booked(t, sink, event.id, [english, spanish]);
    const panelist = await invitePanelist(t, org, event.id, { language: 'es' });
    expect((await t.api.post(`/api/panel/${panelist.token}/accept`)).status).toBe(200);
    await sink.waitForCount(sink.to(panelist.email), 2);

    const moved = await t.api.patch(`/api/events/${event.id}`, { timezone: 'America/Chicago' }, { token: org.token });
    expect(moved.status).toBe(200);
    expect(moved.body.startsAt).toBe('2031-03-06T17:30:00-06:00');

    const [, en] = await sink.waitForCount(sink.to(String(english.email)), 2);
    const [, es] = await sink.waitForCount(sink.to(String(spanish.email)), 2);
    const [, accepted, panel] = await sink.waitForCount(sink.to(panelist.email), 3);

    expect(en!.subject).toBe('Changed: Community forum');
    expect(en!.parsed.text).toContain(
      'The time has not changed: the event now gives it in the America/Chicago time zone (before: America/New_York).',
    );
    expect(en!.parsed.html).toContain('The time has not changed');
    expect(en!.parsed.text).not.toMatch(/The time has changed/);
    expect(es!.parsed.text).toContain(
      'La hora no ha cambiado: el foro ahora la indica en la zona horaria America/Chicago (antes: America/New_York).',
    );
    expect(es!.parsed.text).not.toMatch(/Ha cambiado la hora/);
    expect(panel!.parsed.text).toContain('- Zona horaria: America/Chicago (antes: America/New_York); la hora en sí no ha cambiado');
    expect(panel!.parsed.text).not.toMatch(/- Cuándo:/);

    // The invites are re-sent: the same instant, now in Chicago's zone, with a higher SEQUENCE.
    const before = { en: 0, es: 0, panel: inviteOf(accepted!).sequence };
    for (const [who, mail] of [
      ['en', en!],
      ['es', es!],
      ['panel', panel!],
    ] as const) {
      const invite = inviteOf(mail);
      expect(invite.method).toBe('REQUEST');
      expect(invite.sequence).toBe(before[who] + 1);
      expect(invite.timezones).toEqual(['America/Chicago']);
      expect(invite.start.toJSDate().toISOString()).toBe('2031-03-06T23:30:00.000Z');
    }
  });

  it('still says the time changed when it did, zone or not', async () => {
    const event = await newPublishedEvent(t, org.token, { timezone: 'America/New_York' });
    const attendee = rsvpBody(t);
    await booked(t, sink, event.id, [attendee]);
    const later = new Date(Date.parse(event.startsAt) + 3600_000).toISOString();
    const laterEnd = new Date(Date.parse(event.endsAt) + 3600_000).toISOString();
    await t.api.patch(`/api/events/${event.id}`, { startsAt: later, endsAt: laterEnd, timezone: 'America/Chicago' }, { token: org.token });
    const [, changed] = await sink.waitForCount(sink.to(String(attendee.email)), 2);
    expect(changed!.parsed.text).toContain('The time has changed (it was');
    expect(changed!.parsed.text).not.toContain('The time has not changed');
  });
});

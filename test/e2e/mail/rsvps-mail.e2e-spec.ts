import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventJobs } from '../../../src/events/event-jobs.js';
import { newPublishedEvent } from '../../support/event-factory.js';
import { calendarPart, parseInvite } from '../../support/invites.js';
import { booked, manageTokenIn, rsvp, rsvpBody, startMailedApp, stopMailedApp } from '../../support/rsvps.js';
import type { ReceivedMail, SmtpSink } from '../../support/smtp-sink.js';
import type { SignedUp, TestApp } from '../../support/test-app.js';

describe('RSVPs: attendee emails and their calendar invites', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  beforeAll(
    async () =>
      ({ sink, t, org } = await startMailedApp(
        { APP_URL: 'https://townhall.example.org', REMINDER_HOURS: '24' },
        'Broome Residents Coalition',
      )),
  );
  afterAll(() => stopMailedApp({ t, sink }));

  /** The invite in a message, checked against the rules every invite follows. */
  function inviteIn(mail: ReceivedMail, address: string) {
    const part = calendarPart(mail);
    expect(part).toBeDefined();
    const invite = parseInvite(part!.ics);
    expect(part!.contentTypeMethod).toBe(invite.method);
    expect(invite.attendees.map((attendee) => attendee.toLowerCase())).toEqual([`mailto:${address.toLowerCase()}`]);
    expect(invite.dtstamp).toMatch(/Z$/);
    return invite;
  }
  const mailsTo = (address: string, count: number) => sink.waitForCount(sink.to(address), count);

  it('tells each of many who wait at once the place their RSVP holds, in the subject and both bodies', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 1 });
    await booked(t, sink, event.id, [rsvpBody(t)]);
    // More bookings at once than the pool has connections.
    const bodies = Array.from({ length: 25 }, () => rsvpBody(t));
    const responses = await Promise.all(bodies.map((body) => rsvp(t, event.id, body)));
    expect(responses.map((response) => response.status)).toEqual(bodies.map(() => 202));
    const places = await Promise.all(
      bodies.map(async (body) => {
        const [mail] = await mailsTo(String(body.email), 1);
        const told = Number(/\(number (\d+)\)/.exec(mail!.subject)?.[1]);
        expect(`${mail!.parsed.text} ${mail!.parsed.html}`).not.toContain('%%');
        expect(mail!.parsed.text).toContain(String(told));
        const { body: manage } = await t.api.get(`/api/rsvps/${manageTokenIn(mail!, t.config.appUrl)}`);
        return { told, holds: manage.rsvp.waitlistPosition };
      }),
    );
    expect(places.map(({ told }) => told).sort((a, b) => a - b)).toEqual(bodies.map((_, i) => i + 1));
    for (const { told, holds } of places) expect(told).toBe(holds);
  });

  it('keeps one UID with a rising SEQUENCE from confirmation through a move, a party change and a cancellation', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 20, venue: { name: 'Fellowship hall' } });
    const body = rsvpBody(t, { partySize: 2 });
    const email = String(body.email);
    const [token] = await booked(t, sink, event.id, [body]);

    await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: '2027-03-04T18:00:00-05:00', endsAt: '2027-03-04T20:00:00-05:00' },
      { token: org.token },
    );
    await mailsTo(email, 2);
    await t.api.patch(`/api/rsvps/${token}`, { partySize: 3 });
    await mailsTo(email, 3);
    await t.api.delete(`/api/rsvps/${token}`);
    const mails = await mailsTo(email, 4);

    expect(mails.map((mail) => mail.subject)).toEqual([
      "You're confirmed: Community forum",
      'Changed: Community forum',
      'Your RSVP is updated: Community forum',
      'Your RSVP is cancelled: Community forum',
    ]);
    const invites = mails.map((mail) => inviteIn(mail, email));
    expect(invites.map((invite) => invite.method)).toEqual(['REQUEST', 'REQUEST', 'REQUEST', 'CANCEL']);
    expect(invites.map((invite) => invite.sequence)).toEqual([0, 1, 2, 3]);
    expect(new Set(invites.map((invite) => invite.uid)).size).toBe(1);
    expect(invites[0]!.uid).toMatch(/^rsvp-[0-9a-f-]{36}@townhall\.example\.org$/);
    expect(invites[3]!.status).toBe('CANCELLED');
    expect(invites[1]!.start.toJSDate().toISOString()).toBe('2027-03-04T23:00:00.000Z');
    expect(invites[0]!.timezones).toEqual(['America/New_York']);
    expect(mails[1]!.parsed.text).toContain('The time has changed (it was');
    expect(mails[0]!.parsed.text).toMatch(/Your check-in code: [A-Z0-9]{3}-[A-Z0-9]{3}/);
    expect(mails[0]!.parsed.html).toContain(`href="https://townhall.example.org/rsvp/${token}"`);
  });

  it('tells people waiting in words, with no calendar part, and cancels the invites of the confirmed', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 1 });
    const seated = rsvpBody(t);
    const waiting = rsvpBody(t, { language: 'es' });
    await booked(t, sink, event.id, [seated, waiting]);
    const [waitlistedMail] = await mailsTo(String(waiting.email), 1);
    expect(waitlistedMail!.subject).toBe('Está en la lista de espera (puesto 1): Community forum');
    expect(calendarPart(waitlistedMail!)).toBeUndefined();

    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'The church lost power.' }, { token: org.token });
    const [, cancelled] = await mailsTo(String(seated.email), 2);
    const invite = inviteIn(cancelled!, String(seated.email));
    expect(invite).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 });
    expect(cancelled!.parsed.text).toContain('The organizers explain: “The church lost power.”');
    const [, told] = await mailsTo(String(waiting.email), 2);
    expect(told!.subject).toBe('Se ha cancelado Community forum');
    expect(told!.parsed.text).toContain('La organización explica: «The church lost power.»');
    expect(told!.parsed.text).toContain('la lista de espera queda cerrada');
    expect(calendarPart(told!)).toBeUndefined();
  });

  it("writes Spanish confirmations in Spanish, with the date in the event's zone", async () => {
    const event = await newPublishedEvent(t, org.token, {
      startsAt: '2027-07-01T18:30:00-04:00',
      endsAt: '2027-07-01T20:30:00-04:00',
      interpretation: 'Interpretación al español y ASL',
    });
    const body = rsvpBody(t, { language: 'es', partySize: 3, name: 'Lucía "La Vecina" <Pérez>' });
    await booked(t, sink, event.id, [body]);
    const [mail] = await mailsTo(String(body.email), 1);
    expect(mail!.subject).toBe('Su lugar está confirmado: Community forum');
    expect(mail!.parsed.text).toContain('Hola, Lucía "La Vecina" <Pérez>:');
    expect(mail!.parsed.text).toContain('Su lugar está confirmado para 3 personas. ¡Lo esperamos!');
    expect(mail!.parsed.text).toContain('Cuándo: jueves, 1 de julio de 2027, 18:30');
    expect(mail!.parsed.text).toContain('Interpretación: Interpretación al español y ASL');
    expect(mail!.parsed.html).toContain('Lucía &quot;La Vecina&quot; &lt;Pérez&gt;');
    expect(mail!.parsed.html).toMatch(/<html lang="es">/);
  });

  it('reminds the confirmed once per start time, again after a move, and never for a cancelled event', async () => {
    const reminders = t.app.get(EventJobs);
    const soon = new Date(Date.now() + 6 * 3600_000);
    const event = await newPublishedEvent(t, org.token, {
      capacity: 1,
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 2 * 3600_000).toISOString(),
    });
    const seated = rsvpBody(t);
    const waiting = rsvpBody(t);
    await booked(t, sink, event.id, [seated, waiting]);
    await reminders.sendDueReminders();
    await reminders.sendDueReminders();
    const [, reminder] = await mailsTo(String(seated.email), 2);
    expect(reminder!.subject).toMatch(/^Reminder: Community forum, /);
    expect(reminder!.parsed.text).toMatch(/https:\/\/townhall\.example\.org\/rsvp\/[A-Za-z0-9_-]{43}/);

    const later = new Date(soon.getTime() + 3600_000);
    await t.api.patch(
      `/api/events/${event.id}`,
      { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 7200_000).toISOString() },
      { token: org.token },
    );
    await reminders.sendDueReminders();
    const mails = await mailsTo(String(seated.email), 4);
    // The change and the new reminder are queued together and may arrive in either order.
    expect(mails.map((mail) => mail.subject.split(':')[0]).sort()).toEqual(['Changed', 'Reminder', 'Reminder', "You're confirmed"]);

    // Booked and cancelled far ahead (so the minute's scan cannot remind it first), then brought near.
    const cancelledEvent = await newPublishedEvent(t, org.token);
    const guest = rsvpBody(t);
    await booked(t, sink, cancelledEvent.id, [guest]);
    await t.api.post(`/api/events/${cancelledEvent.id}/cancel`, { reason: 'Weather' }, { token: org.token });
    await t.sql(`UPDATE events SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
      cancelledEvent.id,
      soon,
      new Date(soon.getTime() + 3600_000),
    ]);
    await reminders.sendDueReminders();
    // Mail is queued in the transaction of its change, so the outbox already holds everything that will be sent.
    const queued = async (address: string) =>
      (await t.sql(`SELECT template FROM mail_outbox WHERE recipient_address = $1 ORDER BY created_at`, [address])).map(
        (row) => row.template,
      );
    expect(await queued(String(guest.email))).toEqual(['rsvp-confirmed', 'rsvp-event-cancelled']);
    expect(await queued(String(waiting.email))).toEqual(['rsvp-waitlisted']);
    const [row] = await t.sql(`SELECT count(*)::int AS n FROM event_reminders WHERE event_id = $1`, [event.id]);
    expect(row.n).toBe(2);
  });

  it('reminds when the clock reaches REMINDER_HOURS before the start, and not a minute earlier', async () => {
    const reminders = t.app.get(EventJobs);
    // Further ahead than any other forum here, so moving the clock brings no other forum near.
    const startsAt = new Date(Date.now() + 90 * 24 * 3600_000);
    const event = await newPublishedEvent(t, org.token, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 7200_000).toISOString(),
    });
    const attendee = rsvpBody(t);
    await booked(t, sink, event.id, [attendee]);
    const reminded = async () =>
      (
        await t.sql(`SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_address = $1 AND template = 'rsvp-reminder'`, [
          attendee.email,
        ])
      )[0].n;
    try {
      t.clock.advance(startsAt.getTime() - Date.now() - 24 * 3600_000 - 60_000);
      await reminders.sendDueReminders();
      expect(await reminded()).toBe(0);
      t.clock.advance(2 * 60_000);
      await reminders.sendDueReminders();
      expect(await reminded()).toBe(1);
    } finally {
      t.clock.reset();
    }
  });
});

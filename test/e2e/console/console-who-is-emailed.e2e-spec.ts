import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { EventView } from '../../../src/events/dto/event.views.js';
import { eventFormValues } from '../../../src/web/console/event-form.js';
import { ConsoleClient } from '../../support/console.js';
import { newPublishedEvent } from '../../support/event-factory.js';
import { bookWithoutEmail } from '../../support/proof-of-work.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp } from '../../support/rsvps.js';
import type { ReceivedMail, SmtpSink } from '../../support/smtp-sink.js';
import { type SignedUp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js';

/** The editor's form as a browser posts it: empty fields as empty strings, one language per value. */
function editorForm(event: EventView, changes: Record<string, string>): Record<string, string> {
  const fields = Object.entries(eventFormValues(event)).flatMap(([name, value]): [string, string][] =>
    Array.isArray(value) ? value.map((item) => [name, String(item)]) : [[name, value === null || value === undefined ? '' : String(value)]],
  );
  return { ...Object.fromEntries(fields), ...changes };
}

const later = (local: string) => DateTime.fromISO(local).plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm");

/** On a forum taking bookings without an email, the confirmation counts only whom it will email, and says where the others see it. */
describe('who a change of a forum emails, as the console counts it', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let org: SignedUp;
  let client: ConsoleClient;
  beforeAll(async () => {
    ({ sink, t, org } = await startMailedApp({}, 'Two Bridges Neighbors'));
    client = new ConsoleClient(t);
    await client.signIn(org.organizer.email, TEST_PASSWORD);
  }, 120_000);
  afterAll(() => stopMailedApp({ t, sink }));

  /** A forum with two bookings by email and two without; the tokens of the two without. */
  async function fourParties() {
    const event = await newPublishedEvent(t, org.token, { rsvpContact: 'email-optional', capacity: 20 });
    const emails = [`ana-${event.id}@example.org`, `ben-${event.id}@example.org`];
    await booked(
      t,
      sink,
      event.id,
      emails.map((email) => rsvpBody(t, { email, partySize: 2 })),
    );
    const tokens: string[] = [];
    for (const partySize of [3, 2]) {
      const response = await bookWithoutEmail(t, event.id, { partySize });
      expect(response.status).toBe(201);
      tokens.push(response.body.manageToken);
    }
    return { event: event as EventView, emails, tokens, before: new Set(sink.messages) };
  }

  /** The mail that went out since `before`: exactly `count`, none more after a while. */
  async function sentSince(before: Set<ReceivedMail>, count: number): Promise<string[]> {
    const fresh = (mail: ReceivedMail) => !before.has(mail);
    await sink.waitForCount(fresh, count);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return sink.messages
      .filter(fresh)
      .flatMap((mail) => mail.recipients)
      .sort();
  }

  it('moves the time: the confirmation says 2 emailed and 2 on their page; 2 emails go out; the page shows the new time', async () => {
    const { event, emails, tokens, before } = await fourParties();
    const values = eventFormValues(event);
    const form = editorForm(event, { startsAt: later(String(values.startsAt)), endsAt: later(String(values.endsAt)) });
    const edit = `/console/events/${event.id}/edit`;
    const confirm = await client.post(edit, form);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Who will be emailed:');
    expect(confirm.html).toContain('2 confirmed attendees');
    expect(confirm.html).not.toContain('4 confirmed attendees');
    expect(confirm.html).toContain('2 people who gave no email are not emailed: they will see the change on their own page.');

    const saved = await client.post(edit, { ...form, confirmed: 'true' });
    expect(saved.status).toBe(303);
    expect(await sentSince(before, 2)).toEqual([...emails].sort());
    const { startsAt } = (await t.api.get(`/api/events/${event.id}`, { token: org.token })).body;
    expect(Date.parse(startsAt) - Date.parse(event.startsAt)).toBe(3600_000);
    const page = await fetch(`${t.baseUrl}/rsvp/${tokens[0]}`).then((response) => response.text());
    expect(page).toContain(`datetime="${startsAt}"`);
  });

  it('cancels: the confirmation says 2 emailed and 2 on their page; 2 emails go out; the page shows it cancelled', async () => {
    const { event, emails, tokens, before } = await fourParties();
    const cancel = `/console/events/${event.id}/cancel`;
    const confirm = await client.get(cancel);
    expect(confirm.html).toContain('2 confirmed attendees');
    expect(confirm.html).not.toContain('4 confirmed attendees');
    expect(confirm.html).toContain('2 people who gave no email are not emailed: they will see the change on their own page.');

    const done = await client.post(cancel, { reason: 'The hall flooded.' });
    expect(done.status).toBe(303);
    expect(await sentSince(before, 2)).toEqual([...emails].sort());
    const page = await fetch(`${t.baseUrl}/rsvp/${tokens[1]}`).then((response) => response.text());
    expect(page).toContain('This forum has been cancelled.');
    expect(page).toContain('The hall flooded.');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { rsvp, rsvpBody } from '../../../support/rsvps.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

/**
 * The booking statement (src/rsvps/sql/book-rsvp.sql) on its own: what it writes for each outcome,
 * and that it writes nothing when the email was composed for the other outcome or the code is
 * taken, so the caller can compose again.
 */
describe('RSVPs: the one booking statement', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
  });
  afterAll(() => t?.close());

  const book = (
    eventId: string,
    fields: { email?: string | null; composedFor: string; code?: string },
    columns = 'outcome, known_rsvp_id',
  ) =>
    t.sql(`SELECT ${columns} FROM book_rsvp($1, $2, 'Rosa', $3, 1, 'en', NULL, $4, $5, $6, $7)`, [
      eventId,
      randomUUID(),
      fields.email === undefined ? t.uniqueEmail() : fields.email,
      randomUUID(),
      fields.code ?? 'KKK-KKK',
      randomUUID(),
      fields.composedFor,
    ]);
  const written = async (eventId: string) =>
    (
      await t.sql(
        `SELECT (SELECT count(*)::int FROM rsvps WHERE event_id = $1) AS rsvps, (SELECT count(*)::int FROM mail_outbox) AS mails`,
        [eventId],
      )
    )[0];
  it('writes nothing and asks to compose again when the other outcome holds, or the check-in code is taken', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 1 });
    expect(await book(event.id, { composedFor: 'waitlisted' })).toEqual([{ outcome: 'recompose', known_rsvp_id: null }]);
    expect(await book(event.id, { composedFor: 'confirmed', code: 'AAA-AAA' })).toEqual([{ outcome: 'confirmed', known_rsvp_id: null }]);
    const before = await written(event.id);
    // The hall is full now: an email composed as a confirmation is not used.
    expect(await book(event.id, { composedFor: 'confirmed' })).toEqual([{ outcome: 'recompose', known_rsvp_id: null }]);
    expect(await written(event.id)).toEqual(before);

    const roomy = await newPublishedEvent(t, org.token, { capacity: 10 });
    await book(roomy.id, { composedFor: 'confirmed', code: 'CCC-CCC' });
    expect(await book(roomy.id, { composedFor: 'confirmed', code: 'CCC-CCC' })).toEqual([{ outcome: 'code-taken', known_rsvp_id: null }]);
    expect((await written(roomy.id)).rsvps).toBe(1);
  });

  it("tells a waiting party its place (its email is the caller's), and books without an address only as the forum allows", async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 1 });
    const mailsBefore = (await written(event.id)).mails;
    expect(await book(event.id, { composedFor: 'confirmed' }, 'outcome, waitlist_position')).toEqual([
      { outcome: 'confirmed', waitlist_position: null },
    ]);
    await book(event.id, { composedFor: 'waitlisted' });
    expect(await book(event.id, { composedFor: 'waitlisted' }, 'outcome, waitlist_position')).toEqual([
      { outcome: 'waitlisted', waitlist_position: 2 },
    ]);
    expect((await written(event.id)).mails).toBe(mailsBefore);

    // Without an address: only where the forum allows it, within its cap, and with no email.
    expect(await book(event.id, { email: null, composedFor: 'waitlisted' })).toEqual([{ outcome: 'email-required', known_rsvp_id: null }]);
    const optional = await newPublishedEvent(t, org.token, { capacity: 10, rsvpContact: 'email-optional', noEmailSeatCap: 1 });
    const mails = (await written(optional.id)).mails;
    expect(await book(optional.id, { email: null, composedFor: 'confirmed' })).toEqual([{ outcome: 'confirmed', known_rsvp_id: null }]);
    expect(await book(optional.id, { email: null, composedFor: 'confirmed' })).toEqual([
      { outcome: 'no-email-seats-taken', known_rsvp_id: null },
    ]);
    expect(await written(optional.id)).toEqual({ rsvps: 1, mails });
    const [booked] = await t.sql(
      `SELECT booked_without_email, no_email_seats FROM rsvps JOIN events e ON e.id = event_id WHERE event_id = $1`,
      [optional.id],
    );
    expect(booked).toEqual({ booked_without_email: true, no_email_seats: 1 });
    const none = await newPublishedEvent(t, org.token, { rsvpContact: 'none' });
    expect(await book(none.id, { composedFor: 'confirmed' })).toEqual([{ outcome: 'email-refused', known_rsvp_id: null }]);
  });

  it('names the RSVP holding a known address, whatever its case, and writes nothing', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 10 });
    const email = t.uniqueEmail();
    expect((await rsvp(t, event.id, rsvpBody(t, { email }))).status).toBe(202);
    const [{ id }] = await t.sql(`SELECT id FROM rsvps WHERE event_id = $1`, [event.id]);
    expect(await book(event.id, { email: email.toUpperCase(), composedFor: 'confirmed' })).toEqual([
      { outcome: 'known', known_rsvp_id: id },
    ]);
    expect((await written(event.id)).rsvps).toBe(1);
  });
});

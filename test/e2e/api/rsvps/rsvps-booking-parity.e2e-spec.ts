import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../../../src/common/domain-errors.js';
import { Event } from '../../../../src/events/event.entity.js';
import { fitsNow } from '../../../../src/events/event-rules.js';
import {
  assertContact,
  assertNoEmailSeats,
  assertOpen,
  assertPartySize,
  bookingRefusal,
  EventFullError,
} from '../../../../src/rsvps/rsvp-errors.js';
import type { BookingRefusal } from '../../../../src/rsvps/rsvps.repository.js';
import { newPublishedEvent } from '../../../support/event-factory.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

interface Asked {
  partySize: number;
  withEmail: boolean;
}

/**
 * The booking rules have one home, the booking statement (src/rsvps/sql/book-rsvp.sql); the
 * TypeScript checks that other paths use (a party's change on the attendee's page, a booking
 * without an address told its forum's rule before its proof is spent, the public seat band) must
 * say the same. Every refusal is driven through both, and each must give the same error.
 */
describe('RSVPs: the booking statement and the TypeScript checks agree', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
  });
  afterAll(() => t?.close());

  /** The statement's verdict, rolled back so that a booking it allows writes nothing. */
  async function statement(eventId: string, { partySize, withEmail }: Asked, composedFor: string): Promise<string> {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(`SELECT outcome FROM book_rsvp($1, $2, 'Rosa', $3, $4, 'en', NULL, $5, 'PPP-PPP', $6, $7)`, [
        eventId,
        randomUUID(),
        withEmail ? t.uniqueEmail() : null,
        partySize,
        randomUUID(),
        randomUUID(),
        composedFor,
      ]);
      return rows[0].outcome;
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  }

  /** The TypeScript checks, in the statement's order; their error, or the outcome they predict. */
  function checks(event: Event | null, { partySize, withEmail }: Asked): Error | 'confirmed' | 'waitlisted' {
    try {
      if (!event || event.status === 'draft') throw new NotFoundError('The event');
      assertContact(event, withEmail);
      assertOpen(event, new Date());
      assertPartySize(event, partySize);
      if (!fitsNow(event, partySize) && !event.waitlistEnabled) throw new EventFullError();
      if (!withEmail) assertNoEmailSeats(event, partySize);
      return fitsNow(event, partySize) ? 'confirmed' : 'waitlisted';
    } catch (error) {
      return error as Error;
    }
  }

  const cases: { name: string; event: Record<string, unknown>; state?: string; asked?: Partial<Asked>; expected: string }[] = [
    { name: 'a seat', event: { capacity: 10 }, expected: 'confirmed' },
    { name: 'a place in the queue', event: { capacity: 10 }, state: 'seats_taken = 10', expected: 'waitlisted' },
    { name: 'a queue ahead', event: { capacity: 10 }, state: 'waitlisted = 1', expected: 'waitlisted' },
    { name: 'a draft', event: {}, state: `status = 'draft'`, expected: 'not-found' },
    { name: 'a cancelled event', event: {}, state: `status = 'cancelled'`, expected: 'cancelled' },
    {
      name: 'an event over',
      event: {},
      state: `starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour'`,
      expected: 'ended',
    },
    { name: 'a party above the limit', event: { maxPartySize: 2 }, asked: { partySize: 3 }, expected: 'party-too-large' },
    {
      name: 'a party larger than the hall',
      event: { capacity: 3, maxPartySize: 6 },
      asked: { partySize: 4 },
      expected: 'party-larger-than-hall',
    },
    { name: 'an address where none is taken', event: { rsvpContact: 'none' }, expected: 'email-refused' },
    { name: 'no address where one is required', event: {}, asked: { withEmail: false }, expected: 'email-required' },
    {
      name: 'no address within the cap',
      event: { rsvpContact: 'email-optional', noEmailSeatCap: 2 },
      state: 'no_email_seats = 1',
      asked: { withEmail: false },
      expected: 'confirmed',
    },
    {
      name: 'no address past the cap',
      event: { rsvpContact: 'email-optional', noEmailSeatCap: 2 },
      state: 'no_email_seats = 2',
      asked: { withEmail: false },
      expected: 'no-email-seats-taken',
    },
    { name: 'a full hall without a waitlist', event: { capacity: 2, waitlistEnabled: false }, state: 'seats_taken = 2', expected: 'full' },
    {
      name: 'a queue without a waitlist',
      event: { capacity: 2, waitlistEnabled: false },
      state: 'waitlisted = 1',
      expected: 'full',
    },
  ];

  it.each(cases)('for $name: $expected', async ({ event: fields, state, asked, expected }) => {
    const created = await newPublishedEvent(t, org.token, fields);
    if (state) await t.sql(`UPDATE events SET ${state} WHERE id = $1`, [created.id]);
    const event = await t.app.get(DataSource).manager.findOneBy(Event, { id: created.id });
    const request: Asked = { partySize: 1, withEmail: true, ...asked };

    const predicted = checks(event, request);
    const outcome = await statement(created.id, request, predicted instanceof Error ? 'confirmed' : predicted);
    expect(outcome).toBe(expected);
    if (outcome === 'confirmed' || outcome === 'waitlisted') {
      expect(predicted).toBe(outcome);
    } else {
      const reported = bookingRefusal(outcome as BookingRefusal, event!);
      expect(predicted).toBeInstanceOf(reported.constructor);
      expect(predicted).toMatchObject({ message: reported.message, kind: reported.kind, code: reported.code, details: reported.details });
    }
  });
});

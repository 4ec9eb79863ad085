import { ConflictError, InvalidInputError, NotFoundError, type DomainError } from '../common/domain-errors.js';
import type { Event } from '../events/event.entity.js';
import { doorWindow, isDoorOpen, isOpen } from '../events/event-rules.js';
import { formatEventTime } from '../common/time.js';
import type { BookingRefusal } from './rsvps.repository.js';

export class RsvpClosedError extends ConflictError {
  constructor(event: Pick<Event, 'status'>) {
    if (event.status === 'cancelled') super('The event was cancelled: RSVPs are closed.', undefined, 'event-cancelled');
    else super('The event is over: RSVPs are closed.', undefined, 'event-over');
  }
}

export class EventFullError extends ConflictError {
  constructor() {
    super('The event is full and has no waitlist.', undefined, 'event-full');
  }
}

export class PartyLargerThanHallError extends ConflictError {
  constructor(capacity: number) {
    super(`The party is larger than the whole hall, which seats ${capacity}.`, undefined, 'party-larger-than-hall');
  }
}

export class PartyTooLargeError extends InvalidInputError {
  constructor(maxPartySize: number) {
    super(
      `A party may have at most ${maxPartySize} people for this event.`,
      [{ field: 'partySize', message: `must be at most ${maxPartySize}` }],
      'party-too-large',
    );
  }
}

export class EmailRequiredError extends InvalidInputError {
  constructor() {
    super('This forum asks for an email address to RSVP.', [{ field: 'email', message: 'is required for this forum' }], 'email-required');
  }
}

export class EmailRefusedError extends InvalidInputError {
  constructor() {
    super(
      'This forum takes RSVPs without an email address only: leave the email out.',
      [{ field: 'email', message: 'must be left out: this forum asks for no email' }],
      'email-refused',
    );
  }
}

/** The organizer's cap on seats booked without an email is reached; booking with an address may still work. */
export class NoEmailSeatsTakenError extends ConflictError {
  constructor() {
    super('The seats this forum keeps for bookings without an email address are all taken.', undefined, 'no-email-seats-taken');
  }
}

export class RsvpCancelledError extends ConflictError {
  constructor() {
    super('This RSVP was cancelled; RSVP again to come after all.', undefined, 'rsvp-cancelled');
  }
}

export class NoSeatsForLargerPartyError extends ConflictError {
  constructor() {
    super(
      'There are not enough free seats for a larger party, or people are already waiting for them.',
      undefined,
      'no-seats-for-larger-party',
    );
  }
}

/** Check-in of a party that is waiting or cancelled. */
export class RsvpNotConfirmedError extends ConflictError {
  constructor(status: string) {
    super(`This RSVP is ${status}: only confirmed guests check in.`, undefined, 'rsvp-not-confirmed');
  }
}

export class RsvpNotFoundError extends NotFoundError {
  constructor() {
    super('The RSVP');
  }
}

/** Check-in (and the door list) before the door opens or after it closed: the message names the opening or closing time in the event's zone. */
export class DoorClosedError extends ConflictError {
  constructor(event: Pick<Event, 'startsAt' | 'endsAt' | 'timezone'>, now: Date) {
    const { opensAt, closesAt } = doorWindow(event);
    super(
      now < opensAt
        ? `The door opens on ${formatEventTime(opensAt, event.timezone, 'en')}, 12 hours before the start: check-in is for the day itself.`
        : `The door closed on ${formatEventTime(closesAt, event.timezone, 'en')}, 12 hours after the end.`,
      undefined,
      'door-closed',
    );
  }
}

/** Check-in is open from 12 hours before the start to 12 hours after the end. */
export function assertDoorOpen(event: Event, now: Date): void {
  if (!isDoorOpen(event, now)) throw new DoorClosedError(event, now);
}

/** Open for RSVPs and changes: published and not over. */
export function assertOpen(event: Event, now: Date): void {
  if (!isOpen(event, now)) throw new RsvpClosedError(event);
}

/** Why the booking statement (sql/book-rsvp.sql) refused, as the error the caller sees. */
export function bookingRefusal(outcome: BookingRefusal, event: Event): DomainError {
  switch (outcome) {
    case 'not-found':
      return new NotFoundError('The event');
    case 'email-refused':
      return new EmailRefusedError();
    case 'email-required':
      return new EmailRequiredError();
    case 'no-email-seats-taken':
      return new NoEmailSeatsTakenError();
    case 'cancelled':
      return new RsvpClosedError({ status: 'cancelled' });
    case 'ended':
      return new RsvpClosedError({ status: 'published' });
    case 'party-too-large':
      return new PartyTooLargeError(event.maxPartySize);
    case 'party-larger-than-hall':
      return new PartyLargerThanHallError(event.capacity ?? 0);
    case 'full':
      return new EventFullError();
  }
}

/** The party size rules, for a new RSVP and a change alike. */
export function assertPartySize(event: Event, partySize: number): void {
  if (partySize > event.maxPartySize) throw new PartyTooLargeError(event.maxPartySize);
  if (event.capacity !== null && partySize > event.capacity) throw new PartyLargerThanHallError(event.capacity);
}

/** Whether the forum takes this kind of booking: with an address, or without one. */
export function assertContact(event: Event, withEmail: boolean): void {
  if (withEmail && event.rsvpContact === 'none') throw new EmailRefusedError();
  if (!withEmail && event.rsvpContact === 'email-required') throw new EmailRequiredError();
}

/** Seats without an email stop at the organizer's cap, counting those waiting. `added` is the seats asked for now. */
export function assertNoEmailSeats(event: Event, added: number): void {
  if (event.noEmailSeatCap !== null && event.noEmailSeats + added > event.noEmailSeatCap) throw new NoEmailSeatsTakenError();
}

import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { hashToken, newSecretToken } from '../common/tokens.js';
import { Event } from '../events/event.entity.js';
import { fitsNow, isOpen } from '../events/event-rules.js';
import { Metrics } from '../metrics/metrics.js';
import { MailOutbox } from '../notifications/mail-outbox.js';
import { Organization } from '../accounts/organization.entity.js';
import { newCheckInCode } from './check-in-codes.js';
import type { CreateRsvpDto, UpdateRsvpDto } from './dto/rsvp.dto.js';
import { ProofOfWork } from './proof-of-work.js';
import {
  assertContact,
  assertNoEmailSeats,
  assertOpen,
  assertPartySize,
  bookingRefusal,
  EventFullError,
  NoSeatsForLargerPartyError,
  RsvpCancelledError,
  RsvpClosedError,
  RsvpNotFoundError,
} from './rsvp-errors.js';
import { RsvpMail } from './rsvp-mail.js';
import { BookingAllowance } from './rsvp-throttle.js';
import { Rsvp } from './rsvp.entity.js';
import { RsvpsRepository, type BookingResult, type PlacedRsvp } from './rsvps.repository.js';
import { Waitlist } from './waitlist.js';

/** Well above the time either path of a booking takes when the server is not overloaded. */
const ANSWER_FLOOR_MS = 100;
/** Composing again happens only at the boundary (the hall filled meanwhile) or on a taken check-in code. */
const MAX_COMPOSITIONS = 5;

/** Ends the booking's transaction when the statement wrote nothing. */
class NothingBooked extends Error {
  constructor(readonly result: BookingResult) {
    super(result.outcome);
  }
}

interface Booked {
  outcome: 'confirmed' | 'waitlisted' | 'link-resent';
  /** The new RSVP, or the known one whose link was sent again. */
  rsvpId: string;
  /** The new RSVP's only plaintext manage token (empty for a known address: its email carries a new one). */
  manageToken: string;
}

/** An attendee's RSVP: booking by anyone, then everything else through the manage token. */
@Injectable()
export class RsvpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RsvpsRepository,
    private readonly waitlist: Waitlist,
    private readonly mail: RsvpMail,
    private readonly allowance: BookingAllowance,
    private readonly metrics: Metrics,
    private readonly proofOfWork: ProofOfWork,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
  ) {}

  /**
   * Books a new address or re-sends a known one its link; either way exactly one email goes
   * out and the caller learns nothing about which it was. Everything that depends on the
   * event alone (closed, full without a waitlist, party too large) is decided before the
   * address is looked at, so those answers cannot tell either. `source` is the requester's
   * address, only ever counted as a keyed hash.
   */
  async book(eventId: string, fields: CreateRsvpDto & { email: string }, source: string): Promise<void> {
    const started = performance.now();
    await this.allowance.addressAsked(eventId, fields.email);
    await this.allowance.seatsAsked(eventId, source, fields.partySize);
    const { outcome } = await this.bookIn(eventId, fields).catch((error: unknown) => {
      this.countRefusal(error);
      throw error;
    });
    // Counted once committed: a rolled-back booking waits nowhere.
    if (outcome === 'waitlisted') this.metrics.bookingWaitlisted();
    // The two paths differ by a few milliseconds of work; answering no sooner than the floor hides that.
    await setTimeout(Math.max(0, ANSWER_FLOOR_MS - (performance.now() - started)));
  }

  /**
   * Books without an email address, where the forum allows it: a solved proof of work stands in
   * for the address, and the organizer's cap on such seats applies. There is nobody to write to,
   * so the outcome, the check-in code and the only manage token are returned, for the booking
   * browser to show once.
   */
  async bookWithoutEmail(eventId: string, fields: CreateRsvpDto, source: string): Promise<{ rsvp: PlacedRsvp; manageToken: string }> {
    // The forum's rule is told before the proof is looked at; the booking statement checks it again.
    const event = isUuid(eventId) ? await this.dataSource.manager.findOneBy(Event, { id: eventId }) : null;
    if (!event || event.status === 'draft') throw new NotFoundError('The event');
    assertContact(event, false);
    await this.proofOfWork.spend(fields.altcha);
    await this.allowance.seatsAsked(eventId, source, fields.partySize);
    const booked = await this.bookIn(eventId, fields).catch((error: unknown) => {
      this.countRefusal(error);
      throw error;
    });
    if (booked.outcome === 'waitlisted') this.metrics.bookingWaitlisted();
    const manager = this.dataSource.manager;
    const rsvp = await manager.findOneByOrFail(Rsvp, { id: booked.rsvpId });
    return { rsvp: await this.placed(manager, rsvp), manageToken: booked.manageToken };
  }

  /**
   * The email (if there is an address) is composed first, without any lock, for the outcome the
   * event's row suggests; then one statement decides and writes under the event's lock
   * (RsvpsRepository.book), and the email is stored, with a waiting party's place, before the
   * commit. A known address gets its fresh link in the same turn. The rare boundary case (the
   * other outcome holds by then, or the check-in code is taken) composes again.
   */
  private async bookIn(eventId: string, fields: CreateRsvpDto): Promise<Booked> {
    if (!isUuid(eventId)) throw new NotFoundError('The event');
    const manager = this.dataSource.manager;
    const event = await manager.findOneBy(Event, { id: eventId });
    if (!event || event.status === 'draft') throw new NotFoundError('The event');
    const organization = await manager.findOneByOrFail(Organization, { id: event.organizationId });
    let expected: 'confirmed' | 'waitlisted' = fitsNow(event, fields.partySize) ? 'confirmed' : 'waitlisted';
    for (let attempt = 0; attempt < MAX_COMPOSITIONS; attempt++) {
      const rsvp = manager.create(Rsvp, {
        id: randomUUID(),
        eventId: event.id,
        name: fields.name,
        email: fields.email ?? null,
        bookedWithoutEmail: fields.email === undefined,
        partySize: fields.partySize,
        language: fields.language,
        accessibilityNeeds: fields.accessibilityNeeds || null,
        checkInCode: expected === 'confirmed' ? newCheckInCode() : null,
        inviteUid: randomUUID(),
        inviteSequence: 0,
      });
      const manageToken = newSecretToken();
      const mail = this.mail.bookingMail(event, organization, rsvp, expected, manageToken);
      const { outcome, knownRsvpId } = await this.dataSource
        .transaction(async (transaction) => {
          const result = await this.repository.book(transaction, { rsvp, tokenHash: hashToken(manageToken), composedFor: expected });
          if (result.outcome === 'confirmed' || result.outcome === 'waitlisted') {
            // Still under the event's lock: the place written into the email is the one just taken.
            if (mail) await this.outbox.store(transaction, mail, { position: result.waitlistPosition });
          } else if (result.outcome === 'known') {
            // Still under the event's lock, as a new booking's email is: the two paths take the same turns.
            await this.mail.freshLink(transaction, event, await transaction.findOneByOrFail(Rsvp, { id: result.knownRsvpId! }));
          } else {
            throw new NothingBooked(result);
          }
          return result;
        })
        .catch((error: unknown) => {
          if (error instanceof NothingBooked) return error.result;
          throw error;
        });
      switch (outcome) {
        case 'confirmed':
        case 'waitlisted':
          return { outcome, rsvpId: rsvp.id, manageToken };
        case 'known':
          return { outcome: 'link-resent', rsvpId: knownRsvpId!, manageToken: '' };
        case 'recompose':
          expected = expected === 'confirmed' ? 'waitlisted' : 'confirmed';
          continue;
        case 'code-taken':
          continue;
        default:
          throw bookingRefusal(outcome, event);
      }
    }
    throw new Error(`The booking could not be composed for its outcome in ${MAX_COMPOSITIONS} attempts.`);
  }

  /** The RSVP behind a manage token, with its place in the queue, and its event whatever its status. */
  async byToken(token: string): Promise<{ rsvp: PlacedRsvp; event: Event }> {
    const manager = this.dataSource.manager;
    const rsvp = await this.repository.findByToken(manager, token);
    if (!rsvp) throw new RsvpNotFoundError();
    const event = await manager.findOneByOrFail(Event, { id: rsvp.eventId });
    return { rsvp: await this.placed(manager, rsvp), event };
  }

  /**
   * A larger party needs free seats and nobody waiting; a smaller one frees seats for the
   * queue at once. A confirmed party's invite is sent again with its SEQUENCE raised.
   */
  update(token: string, fields: UpdateRsvpDto): Promise<PlacedRsvp> {
    return this.dataSource.transaction(async (manager) => {
      const { rsvp, event } = await this.lockByToken(manager, token);
      if (rsvp.status === 'cancelled') throw new RsvpCancelledError();
      assertOpen(event, this.clock.now());
      if (fields.language !== undefined) rsvp.language = fields.language;
      if (fields.accessibilityNeeds !== undefined) rsvp.accessibilityNeeds = fields.accessibilityNeeds || null;
      const change = (fields.partySize ?? rsvp.partySize) - rsvp.partySize;
      if (change !== 0) {
        assertPartySize(event, fields.partySize!);
        if (rsvp.bookedWithoutEmail && change > 0) assertNoEmailSeats(event, change);
        if (rsvp.status === 'confirmed' && change > 0) {
          if (event.waitlisted > 0 || !(await this.repository.takeSeats(manager, event, change))) {
            throw new NoSeatsForLargerPartyError();
          }
        }
        if (rsvp.status === 'confirmed' && change < 0) await this.repository.releaseSeats(manager, event, -change);
        rsvp.partySize = fields.partySize!;
        if (rsvp.status === 'confirmed') rsvp.inviteSequence += 1;
      }
      const saved = await manager.save(rsvp);
      if (change !== 0 && saved.status === 'confirmed') await this.mail.partyChanged(manager, event, saved);
      if (change < 0) await this.waitlist.promote(manager, event);
      return this.placed(manager, saved);
    });
  }

  /** Cancels (cancelling twice is harmless) and gives the seats to the queue; `erase` also erases the attendee's data. */
  cancel(token: string, erase: boolean): Promise<PlacedRsvp> {
    return this.dataSource.transaction(async (manager) => {
      const { rsvp, event } = await this.lockByToken(manager, token);
      // After the event is over or cancelled there is no place to give up, but data to erase still.
      const onlyErase = erase && !isOpen(event, this.clock.now());
      if (rsvp.status !== 'cancelled' && !onlyErase) {
        assertOpen(event, this.clock.now());
        await this.withdraw(manager, event, rsvp, 'attendee');
        // A head that leaves the queue may let the smaller party behind it in, too.
        await this.waitlist.promote(manager, event);
      }
      if (erase) await this.repository.erase(manager, event.id, rsvp.id);
      // Erasure rewrote the row in SQL; otherwise the entity in hand is what is stored.
      const view = erase ? await manager.findOneByOrFail(Rsvp, { id: rsvp.id }) : rsvp;
      return Object.assign(view, { waitlistPosition: null });
    });
  }

  /**
   * An owner or organizer cancels a booking for the attendee (who is told), exactly as the
   * attendee's own cancellation; cancelling twice is harmless. The caller has checked the event is theirs.
   */
  cancelForAttendee(eventId: string, rsvpId: string): Promise<PlacedRsvp> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.repository.lockEvent(manager, eventId);
      const rsvp =
        event && isUuid(rsvpId)
          ? await manager.findOne(Rsvp, { where: { id: rsvpId, eventId }, lock: { mode: 'pessimistic_write' } })
          : null;
      if (!event || !rsvp) throw new RsvpNotFoundError();
      if (rsvp.status !== 'cancelled') {
        assertOpen(event, this.clock.now());
        await this.withdraw(manager, event, rsvp, 'organizers');
        await this.waitlist.promote(manager, event);
      }
      return Object.assign(rsvp, { waitlistPosition: null });
    });
  }

  /**
   * Releases every active booking made in [from, to) (a burst of fake names), each as if the
   * attendee had cancelled, then serves the queue once. Returns how many were released.
   */
  release(eventId: string, from: Date, to: Date, withoutEmailOnly: boolean): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.repository.lockEvent(manager, eventId);
      if (!event) throw new NotFoundError('The event');
      assertOpen(event, this.clock.now());
      const burst = await this.repository.activeCreatedBetween(manager, event.id, from, to, withoutEmailOnly);
      for (const rsvp of burst) await this.withdraw(manager, event, rsvp, 'organizers');
      await this.waitlist.promote(manager, event);
      return burst.length;
    });
  }

  /** Cancels an active RSVP under the event's lock: its mail, its seats freed; the caller then serves the queue. */
  private async withdraw(manager: EntityManager, event: Event, rsvp: Rsvp, by: 'attendee' | 'organizers'): Promise<void> {
    const hadInvite = rsvp.status === 'confirmed';
    rsvp.status = 'cancelled';
    rsvp.cancelledAt = this.clock.now();
    if (hadInvite) rsvp.inviteSequence += 1;
    await manager.save(rsvp);
    await this.mail.cancelled(manager, event, rsvp, hadInvite, by);
    if (hadInvite) await this.repository.releaseSeats(manager, event, rsvp.partySize);
  }

  private async lockByToken(manager: EntityManager, token: string): Promise<{ rsvp: Rsvp; event: Event }> {
    const found = await this.repository.findByToken(manager, token);
    const event = found && (await this.repository.lockEvent(manager, found.eventId));
    const rsvp = event && (await manager.findOne(Rsvp, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } }));
    // Erased while this request waited for the lock: the link has stopped working.
    if (!event || !rsvp || rsvp.erasedAt) throw new RsvpNotFoundError();
    return { rsvp, event };
  }

  /** The refusals the booking-conflicts metric follows; other errors are not conflicts. */
  private countRefusal(error: unknown): void {
    if (error instanceof EventFullError) this.metrics.bookingRefused('full');
    if (error instanceof RsvpClosedError) this.metrics.bookingRefused('closed');
  }

  private async placed(manager: EntityManager, rsvp: Rsvp): Promise<PlacedRsvp> {
    return Object.assign(rsvp, { waitlistPosition: await this.repository.waitlistPosition(manager, rsvp) });
  }
}

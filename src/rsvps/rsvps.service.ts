import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { Event } from '../events/event.entity.js';
import { Metrics } from '../metrics/metrics.js';
import type { CreateRsvpDto, UpdateRsvpDto } from './dto/rsvp.dto.js';
import { ProofOfWork } from './proof-of-work.js';
import {
  assertContact,
  assertNoEmailSeats,
  assertOpen,
  assertPartySize,
  EventFullError,
  isOpen,
  RsvpNotFoundError,
} from './rsvp-errors.js';
import { RsvpMail } from './rsvp-mail.js';
import { BookingAllowance } from './rsvp-throttle.js';
import { Rsvp } from './rsvp.entity.js';
import { RsvpsRepository, type PlacedRsvp } from './rsvps.repository.js';
import { Waitlist } from './waitlist.service.js';

/** Well above the time either path of a booking takes when the server is not overloaded. */
const ANSWER_FLOOR_MS = 100;

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
    await this.allowance.seatsAsked(eventId, source, fields.partySize);
    const outcome = await this.bookIn(eventId, fields).catch((error: unknown) => {
      this.metrics.bookingRefused(error);
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
    // The forum's rule is told before the proof is looked at; the lock below checks it again.
    const event = isUuid(eventId) ? await this.dataSource.manager.findOneBy(Event, { id: eventId }) : null;
    if (!event || event.status === 'draft') throw new NotFoundError('The event');
    assertContact(event, false);
    await this.proofOfWork.spend(fields.altcha);
    await this.allowance.seatsAsked(eventId, source, fields.partySize);
    const booked = await this.dataSource
      .transaction(async (manager) => {
        const { event, fits } = await this.lockOpenEvent(manager, eventId, fields.partySize, false);
        assertNoEmailSeats(event, fields.partySize);
        const rsvp = this.newRsvp(manager, event, fields);
        const outcome = await this.seat(manager, event, rsvp, fits);
        return { outcome, rsvp: await this.placed(manager, rsvp), manageToken: await this.repository.issueToken(manager, rsvp.id) };
      })
      .catch((error: unknown) => {
        this.metrics.bookingRefused(error);
        throw error;
      });
    if (booked.outcome === 'waitlisted') this.metrics.bookingWaitlisted();
    return { rsvp: booked.rsvp, manageToken: booked.manageToken };
  }

  private bookIn(eventId: string, fields: CreateRsvpDto & { email: string }): Promise<'confirmed' | 'waitlisted' | 'link-resent'> {
    return this.dataSource.transaction(async (manager) => {
      const { event, fits } = await this.lockOpenEvent(manager, eventId, fields.partySize, true);
      const known = await this.repository.findActiveByEmail(manager, event.id, fields.email);
      if (known) {
        await this.mail.freshLink(manager, event, known);
        return 'link-resent';
      }

      return this.seat(manager, event, this.newRsvp(manager, event, fields), fits);
    });
  }

  /**
   * The event, locked, checked to take this booking (published, open, the party's size, with or
   * without an address), and whether the party fits now; full without a waitlist is refused.
   */
  private async lockOpenEvent(manager: EntityManager, eventId: string, partySize: number, withEmail: boolean): Promise<{ event: Event; fits: boolean }> {
    if (!isUuid(eventId)) throw new NotFoundError('The event');
    await this.mail.prepare(manager, eventId);
    const event = await this.repository.lockEvent(manager, eventId);
    if (!event || event.status === 'draft') throw new NotFoundError('The event');
    assertContact(event, withEmail);
    assertOpen(event);
    assertPartySize(event, partySize);
    const fits = event.waitlisted === 0 && (event.capacity === null || event.seatsTaken + partySize <= event.capacity);
    if (!fits && !event.waitlistEnabled) throw new EventFullError();
    return { event, fits };
  }

  private newRsvp(manager: EntityManager, event: Event, fields: CreateRsvpDto): Rsvp {
    return manager.create(Rsvp, {
      eventId: event.id,
      name: fields.name,
      email: fields.email ?? null,
      bookedWithoutEmail: fields.email === undefined,
      partySize: fields.partySize,
      language: fields.language,
      accessibilityNeeds: fields.accessibilityNeeds || null,
      status: 'waitlisted',
      inviteUid: randomUUID(),
    });
  }

  /** A seat if the party fits, else the end of the queue; told by email where there is an address. */
  private async seat(manager: EntityManager, event: Event, rsvp: Rsvp, fits: boolean): Promise<'confirmed' | 'waitlisted'> {
    if (fits && (await this.repository.takeSeats(manager, event, rsvp.partySize))) {
      await this.mail.confirmed(manager, event, await this.waitlist.confirm(manager, rsvp), 'rsvp-confirmed');
      return 'confirmed';
    }
    await manager.save(rsvp);
    // The event row is locked, so the count read with it plus this RSVP is its exact place.
    await this.mail.waitlisted(manager, event, rsvp, event.waitlisted + 1);
    return 'waitlisted';
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
      if (rsvp.status === 'cancelled') throw new ConflictError('This RSVP was cancelled; RSVP again to come after all.');
      assertOpen(event);
      if (fields.language !== undefined) rsvp.language = fields.language;
      if (fields.accessibilityNeeds !== undefined) rsvp.accessibilityNeeds = fields.accessibilityNeeds || null;
      const change = (fields.partySize ?? rsvp.partySize) - rsvp.partySize;
      if (change !== 0) {
        assertPartySize(event, fields.partySize!);
        if (rsvp.bookedWithoutEmail && change > 0) assertNoEmailSeats(event, change);
        if (rsvp.status === 'confirmed' && change > 0) {
          if (event.waitlisted > 0 || !(await this.repository.takeSeats(manager, event, change))) {
            throw new ConflictError('There are not enough free seats for a larger party, or people are already waiting for them.');
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
      const onlyErase = erase && !isOpen(event);
      if (rsvp.status !== 'cancelled' && !onlyErase) {
        assertOpen(event);
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
      const rsvp = event && isUuid(rsvpId) ? await manager.findOne(Rsvp, { where: { id: rsvpId, eventId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!event || !rsvp) throw new RsvpNotFoundError();
      if (rsvp.status !== 'cancelled') {
        assertOpen(event);
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
      assertOpen(event);
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
    rsvp.cancelledAt = new Date();
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

  private async placed(manager: EntityManager, rsvp: Rsvp): Promise<PlacedRsvp> {
    return Object.assign(rsvp, { waitlistPosition: await this.repository.waitlistPosition(manager, rsvp) });
  }
}

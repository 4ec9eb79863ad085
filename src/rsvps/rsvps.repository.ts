import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Event } from '../events/event.entity.js';
import { hashToken, isWellFormedToken, newSecretToken } from '../common/tokens.js';
import { newCheckInCode } from './check-in-codes.js';
import { Rsvp, type RsvpStatus } from './rsvp.entity.js';
import type { Language } from '../common/languages.js';
import type { AttendeeAudience } from './attendee-audiences.js';

/** A statement's rows and count; TypeORM's plain query() shapes UPDATE results differently from SELECT. */
async function run<Row>(manager: EntityManager, sql: string, params: unknown[]): Promise<{ records: Row[]; affected: number }> {
  if (!manager.queryRunner) throw new Error('RSVP changes run inside a transaction.');
  const result = await manager.queryRunner.query(sql, params, true);
  return { records: result.records as Row[], affected: result.affected ?? 0 };
}

/** An RSVP row with its exact place in the queue (null unless waiting). */
export type PlacedRsvp = Rsvp & { waitlistPosition: number | null };

/** A booking as composed before it is decided: the new RSVP (with its ids and code), its token, and the outcome its email was composed for. */
export interface NewBooking {
  rsvp: Rsvp;
  tokenHash: string;
  composedFor: 'confirmed' | 'waitlisted';
}

/** What the booking statement answers when it writes nothing because a rule refused. */
export type BookingRefusal =
  | 'not-found'
  | 'email-refused'
  | 'email-required'
  | 'cancelled'
  | 'ended'
  | 'party-too-large'
  | 'party-larger-than-hall'
  | 'full'
  | 'no-email-seats-taken';

export type BookingOutcome = 'confirmed' | 'waitlisted' | 'known' | BookingRefusal | 'recompose' | 'code-taken';

export interface BookingResult {
  outcome: BookingOutcome;
  /** With `known`: the active RSVP that holds the address. */
  knownRsvpId: string | null;
  /** With `waitlisted`: the party's place in the queue, read under the event's lock. */
  waitlistPosition: number | null;
}

/** How many of an audience an act emails, and how many gave no email and read it on their own page instead. */
export interface Reach {
  emailed: number;
  onPages: number;
}

/** Can be written to: never an erased attendee (no address left) nor one who gave none. */
const EMAILED = 'rsvp.email IS NOT NULL';
/** Gave no email, and not erased since: their own page is where they learn of what changes. */
const ON_PAGES = 'rsvp.booked_without_email AND rsvp.erased_at IS NULL';

/** The RSVP queries that need a name: locks, seats, the queue, tokens and codes. */
@Injectable()
export class RsvpsRepository {
  /**
   * The event row, locked: every change to an event's seats or queue takes this lock first
   * (then RSVP rows), so booking, cancelling and promoting are serialized per event and the
   * queue is read after everything committed before.
   */
  lockEvent(manager: EntityManager, eventId: string): Promise<Event | null> {
    // FOR NO KEY UPDATE: serializes every change of the event's seats and queue, yet lets rows that
    // merely reference the event (questions, votes, their change log) be written meanwhile.
    return manager.findOne(Event, { where: { id: eventId }, lock: { mode: 'for_no_key_update' } });
  }

  /** People of confirmed parties checked in, in all and since a moment (arrivals at the door). */
  async checkedInPeople(manager: EntityManager, eventId: string, since: Date): Promise<{ people: number; since: number }> {
    const [row] = await manager.query(
      `SELECT coalesce(sum(party_size), 0)::int AS people,
              coalesce(sum(party_size) FILTER (WHERE checked_in_at > $2), 0)::int AS since
         FROM rsvps WHERE event_id = $1 AND status = 'confirmed' AND checked_in_at IS NOT NULL`,
      [eventId, since],
    );
    return row;
  }

  /**
   * Takes seats only if they fit; the CHECK on events backs this up. Updates `event` in place.
   * Returns false when they do not fit.
   */
  async takeSeats(manager: EntityManager, event: Event, seats: number): Promise<boolean> {
    const { records } = await run<{ seats_taken: number }>(
      manager,
      `UPDATE events SET seats_taken = seats_taken + $2
       WHERE id = $1 AND (capacity IS NULL OR seats_taken + $2 <= capacity) RETURNING seats_taken`,
      [event.id, seats],
    );
    if (records.length === 0) return false;
    event.seatsTaken = records[0]!.seats_taken;
    return true;
  }

  async releaseSeats(manager: EntityManager, event: Event, seats: number): Promise<void> {
    const { records } = await run<{ seats_taken: number }>(
      manager,
      `UPDATE events SET seats_taken = seats_taken - $2 WHERE id = $1 RETURNING seats_taken`,
      [event.id, seats],
    );
    event.seatsTaken = records[0]!.seats_taken;
  }

  /**
   * Books in one statement under the event's lock (sql/book-rsvp.sql holds the rules): the RSVP
   * with its manage token. Nothing is written unless the outcome is confirmed or waitlisted.
   */
  async book(manager: EntityManager, { rsvp, tokenHash, composedFor }: NewBooking): Promise<BookingResult> {
    const [row] = await manager.query(
      `SELECT outcome, known_rsvp_id, waitlist_position FROM book_rsvp($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        rsvp.eventId,
        rsvp.id,
        rsvp.name,
        rsvp.email,
        rsvp.partySize,
        rsvp.language,
        rsvp.accessibilityNeeds,
        rsvp.inviteUid,
        rsvp.checkInCode,
        tokenHash,
        composedFor,
      ],
    );
    return { outcome: row.outcome, knownRsvpId: row.known_rsvp_id, waitlistPosition: row.waitlist_position };
  }

  /** The RSVP a manage token opens; erased ones have no tokens left. */
  async findByToken(manager: EntityManager, token: string): Promise<Rsvp | null> {
    if (!isWellFormedToken(token)) return null;
    return manager
      .getRepository(Rsvp)
      .createQueryBuilder('rsvp')
      .innerJoin('rsvp_manage_tokens', 'token', 'token.rsvp_id = rsvp.id')
      .where('token.token_hash = :hash', { hash: hashToken(token) })
      .getOne();
  }

  /** A new manage token for the RSVP; earlier ones keep working. Returns the only plaintext copy. */
  async issueToken(manager: EntityManager, rsvpId: string): Promise<string> {
    const token = newSecretToken();
    await manager.query(`INSERT INTO rsvp_manage_tokens (token_hash, rsvp_id) VALUES ($1, $2)`, [hashToken(token), rsvpId]);
    return token;
  }

  /** A code no other RSVP of the event holds; safe because the caller holds the event's lock. */
  async freshCheckInCode(manager: EntityManager, eventId: string): Promise<string> {
    for (;;) {
      const code = newCheckInCode();
      const taken: unknown[] = await manager.query(`SELECT 1 FROM rsvps WHERE event_id = $1 AND check_in_code = $2`, [eventId, code]);
      if (taken.length === 0) return code;
    }
  }

  /** 1 for the head of the queue; null when not waiting. */
  async waitlistPosition(manager: EntityManager, rsvp: Rsvp): Promise<number | null> {
    if (rsvp.status !== 'waitlisted') return null;
    const [row]: { ahead: number }[] = await manager.query(
      `SELECT count(*)::int AS ahead FROM rsvps WHERE event_id = $1 AND status = 'waitlisted' AND arrival < $2`,
      [rsvp.eventId, rsvp.arrival],
    );
    return row!.ahead + 1;
  }

  /** Confirmed and waiting RSVPs created in [from, to) (only those booked without an email, if asked), locked, in arrival order. */
  activeCreatedBetween(manager: EntityManager, eventId: string, from: Date, to: Date, withoutEmailOnly: boolean): Promise<Rsvp[]> {
    return manager
      .getRepository(Rsvp)
      .createQueryBuilder('rsvp')
      .where(`rsvp.event_id = :eventId AND rsvp.status <> 'cancelled'`, { eventId })
      .andWhere('rsvp.created_at >= :from AND rsvp.created_at < :to', { from, to })
      .andWhere(withoutEmailOnly ? 'rsvp.booked_without_email' : 'TRUE')
      .orderBy('rsvp.arrival', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  waitlistHead(manager: EntityManager, eventId: string): Promise<Rsvp | null> {
    return manager.findOne(Rsvp, {
      where: { eventId, status: 'waitlisted' },
      order: { arrival: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The event's RSVPs in arrival order with their queue positions, after `afterArrival`. */
  async listPlaced(
    manager: EntityManager,
    eventId: string,
    {
      id,
      status,
      search,
      afterArrival,
      limit,
    }: { id?: string; status?: RsvpStatus; search?: string; afterArrival?: string; limit?: number },
  ): Promise<PlacedRsvp[]> {
    const query = manager
      .getRepository(Rsvp)
      .createQueryBuilder('rsvp')
      // Positions are numbered over the whole queue, whatever page or status filter is asked for.
      .leftJoin(
        (queue) =>
          queue
            .select('waiting.id', 'id')
            .addSelect('row_number() OVER (ORDER BY waiting.arrival)::int', 'position')
            .from('rsvps', 'waiting')
            .where(`waiting.event_id = :eventId AND waiting.status = 'waitlisted'`, { eventId }),
        'queue',
        'queue.id = rsvp.id',
      )
      .addSelect('queue.position', 'waitlist_position')
      .where('rsvp.event_id = :eventId', { eventId })
      .orderBy('rsvp.arrival', 'ASC');
    if (id) query.andWhere('rsvp.id = :id', { id });
    if (status) query.andWhere('rsvp.status = :status', { status });
    if (search) {
      // The typed text is matched literally (% and _ are not wildcards here), without regard to
      // accents or case: "nunez" finds Núñez (src/rsvps/sql/search-fold.sql).
      const pattern = `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      query.andWhere('(search_fold(rsvp.name) LIKE search_fold(:pattern) OR search_fold(rsvp.email) LIKE search_fold(:pattern))', {
        pattern,
      });
    }
    if (afterArrival !== undefined) query.andWhere('rsvp.arrival > :afterArrival', { afterArrival });
    if (limit !== undefined) query.limit(limit);
    const { entities, raw } = await query.getRawAndEntities<{ waitlist_position: number | null }>();
    return entities.map((rsvp, index) => Object.assign(rsvp, { waitlistPosition: raw[index]!.waitlist_position }));
  }

  /**
   * Erases the personal data of the event's RSVPs (all of them, or one): names, emails, needs
   * and codes go, and with their tokens the manage links stop working. Statuses, party sizes,
   * check-in times and whether there were needs stay, so the counts do.
   */
  async erase(manager: EntityManager, eventId: string, rsvpId?: string): Promise<number> {
    const { affected } = await run(
      manager,
      `UPDATE rsvps SET name = NULL, email = NULL, accessibility_needs = NULL, check_in_code = NULL,
         accessibility_needs_erased = accessibility_needs IS NOT NULL, erased_at = now(), updated_at = now()
       WHERE event_id = $1 AND ($2::uuid IS NULL OR id = $2) AND erased_at IS NULL`,
      [eventId, rsvpId ?? null],
    );
    await manager.query(
      `DELETE FROM rsvp_manage_tokens WHERE rsvp_id IN (SELECT id FROM rsvps WHERE event_id = $1 AND ($2::uuid IS NULL OR id = $2))`,
      [eventId, rsvpId ?? null],
    );
    // The door's scans keep the codes.
    await manager.query(`DELETE FROM door_scans WHERE event_id = $1 AND ($2::uuid IS NULL OR rsvp_id = $2)`, [eventId, rsvpId ?? null]);
    // Delivered or failed messages still name the recipient; a pending one goes out first, and its
    // row is dropped with the other finished ones RETENTION_DAYS after it was queued.
    await manager.query(
      `DELETE FROM mail_outbox o USING rsvps r
       WHERE r.event_id = $1 AND ($2::uuid IS NULL OR r.id = $2)
         AND o.status <> 'pending' AND o.idempotency_key LIKE 'rsvp:' || r.id::text || ':%'`,
      [eventId, rsvpId ?? null],
    );
    return affected;
  }

  /** The attendees of an audience, in arrival order. */
  messageRecipients(manager: EntityManager, eventId: string, audience: AttendeeAudience): Promise<Rsvp[]> {
    return this.audience(manager, eventId, audience).orderBy('rsvp.arrival', 'ASC').getMany();
  }

  /** Attendees of an audience who booked without an email: they read a message on their page instead. */
  /** Of an audience, who gets an email and who, having given none, reads it on their own page: every count shown before an act. */
  async reach(manager: EntityManager, eventId: string, audience: AttendeeAudience): Promise<Reach> {
    const row = await this.standing(manager, eventId, audience)
      .select(`count(*) FILTER (WHERE ${EMAILED})::int`, 'emailed')
      .addSelect(`count(*) FILTER (WHERE ${ON_PAGES})::int`, 'onPages')
      .getRawOne<Reach>();
    return row!;
  }

  /** How many attendees of an audience read each language: the same people `messageRecipients` gives. */
  async messageRecipientLanguages(manager: EntityManager, eventId: string, audience: AttendeeAudience): Promise<Map<Language, number>> {
    const rows = await this.audience(manager, eventId, audience)
      .select('rsvp.language', 'language')
      .addSelect('count(*)::int', 'count')
      .groupBy('rsvp.language')
      .getRawMany<{ language: Language; count: number }>();
    return new Map(rows.map((row) => [row.language, row.count]));
  }

  /** Never a cancelled booking, never an erased attendee (no address left); checked in means confirmed and at the door. */
  private audience(manager: EntityManager, eventId: string, audience: AttendeeAudience): SelectQueryBuilder<Rsvp> {
    return this.standing(manager, eventId, audience).andWhere(EMAILED);
  }

  /** The attendees of an audience, whether or not they can be written to. */
  private standing(manager: EntityManager, eventId: string, audience: AttendeeAudience): SelectQueryBuilder<Rsvp> {
    const query = manager
      .getRepository(Rsvp)
      .createQueryBuilder('rsvp')
      .where('rsvp.event_id = :eventId', { eventId })
      .andWhere('rsvp.status = :status', { status: audience === 'waitlisted' ? 'waitlisted' : 'confirmed' });
    if (audience === 'checked-in') query.andWhere('rsvp.checked_in_at IS NOT NULL');
    return query;
  }
}

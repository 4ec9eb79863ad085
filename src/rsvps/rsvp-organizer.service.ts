import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ThrottleCounts, type Allowance } from '../common/throttle-counts.js';
import { InvalidInputError, NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { toPage, type Page } from '../common/pagination.js';
import { decodeSequenceCursor } from '../common/time-cursor.js';
import { formatInstant, resolveInstant } from '../common/time.js';
import { EventNotOverError } from '../events/event-errors.js';
import { addressOf, erasableNow } from '../events/event-rules.js';
import { EventsService } from '../events/events.service.js';
import { PersonalDataErasure } from '../events/personal-data-erasure.js';
import { normalizeCheckInCode } from './check-in-codes.js';
import { DoorScansRepository } from './door-scans.repository.js';
import { csvRow } from './csv.js';
import type { ReleaseRsvpsDto, RsvpListQuery } from './dto/rsvp.dto.js';
import { RsvpOrganizerView, type CheckInView } from './dto/rsvp.views.js';
import { RsvpErasure } from './rsvp-erasure.js';
import { assertDoorOpen, RsvpNotConfirmedError } from './rsvp-errors.js';
import { Rsvp } from './rsvp.entity.js';
import { RsvpsRepository, type PlacedRsvp, type Reach } from './rsvps.repository.js';
import { RsvpsService } from './rsvps.service.js';

const UTF8_BOM = '\uFEFF';

export const CSV_COLUMNS = [
  'id',
  'name',
  'email',
  'partySize',
  'status',
  'language',
  'accessibilityNeeds',
  'waitlistPosition',
  'checkInCode',
  'checkedInAt',
  'createdAt',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** RSVPs read at a time while an export streams. */
const CSV_PAGE_SIZE = 1000;

/**
 * Codes one account may try a minute, at the console's door and through the API alike, so codes
 * cannot be guessed: far beyond a busy door. Offline scans synced later spend it only for codes
 * no party has (see DoorSyncService).
 */
export const DOOR_CODES: Allowance = { limit: 60, ttlMs: 60_000 };

/** Organization members' tools: the list and its export, check-in at the door, erasure. */
@Injectable()
export class RsvpOrganizerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly repository: RsvpsRepository,
    private readonly erasure: PersonalDataErasure,
    private readonly rsvpErasure: RsvpErasure,
    private readonly rsvps: RsvpsService,
    private readonly clock: Clock,
    private readonly scans: DoorScansRepository,
    private readonly allowances: ThrottleCounts,
  ) {}

  /** Who of the confirmed and of the waitlist a change of the forum emails, and who reads it on their own page (as a message's preview counts). */
  async reach(organizationId: string, eventId: string): Promise<Record<'confirmed' | 'waitlisted', Reach>> {
    const event = await this.events.findOwned(organizationId, eventId);
    const manager = this.dataSource.manager;
    return {
      confirmed: await this.repository.reach(manager, event.id, 'confirmed'),
      waitlisted: await this.repository.reach(manager, event.id, 'waitlisted'),
    };
  }

  /** One RSVP of the organization's event, as the list shows it. */
  async get(organizationId: string, eventId: string, rsvpId: string): Promise<RsvpOrganizerView> {
    const event = await this.events.findOwned(organizationId, eventId);
    const [rsvp] = isUuid(rsvpId) ? await this.repository.listPlaced(this.dataSource.manager, event.id, { id: rsvpId }) : [];
    if (!rsvp) throw new NotFoundError('The RSVP');
    return RsvpOrganizerView.ofEvent(event.timezone)(rsvp);
  }

  async cancel(organizationId: string, eventId: string, rsvpId: string): Promise<PlacedRsvp> {
    const event = await this.events.findOwned(organizationId, eventId);
    return this.rsvps.cancelForAttendee(event.id, rsvpId);
  }

  /** Both ends count to the second, as the list shows createdAt; read in the event's zone like every instant. */
  async release(organizationId: string, eventId: string, window: ReleaseRsvpsDto): Promise<number> {
    const event = await this.events.findOwned(organizationId, eventId);
    const [from, to] = releaseWindow(window, event.timezone);
    return this.rsvps.release(event.id, from, to, window.withoutEmailOnly ?? false);
  }

  /** What release would take now: the active bookings of the window, as parties and people. */
  async previewRelease(organizationId: string, eventId: string, window: ReleaseRsvpsDto): Promise<{ parties: number; people: number }> {
    const event = await this.events.findOwned(organizationId, eventId);
    const [from, to] = releaseWindow(window, event.timezone);
    const burst = await this.dataSource.transaction((manager) =>
      this.repository.activeCreatedBetween(manager, event.id, from, to, window.withoutEmailOnly ?? false),
    );
    return { parties: burst.length, people: burst.reduce((sum, rsvp) => sum + rsvp.partySize, 0) };
  }

  /** In arrival order, so the waitlist reads top to bottom; the cursor is the last arrival number. */
  async list(organizationId: string, eventId: string, { status, q, limit, cursor }: RsvpListQuery): Promise<Page<RsvpOrganizerView>> {
    const event = await this.events.findOwned(organizationId, eventId);
    const after = decodeSequenceCursor(cursor);
    const rows = await this.repository.listPlaced(this.dataSource.manager, event.id, {
      status,
      search: q,
      afterArrival: after,
      limit: limit + 1,
    });
    return toPage(rows, limit, (row) => [row.arrival], RsvpOrganizerView.ofEvent(event.timezone));
  }

  /**
   * Every matching RSVP as CSV, with a header row; formula-like cells are neutralized. UTF-8
   * with a byte-order mark: without it Excel reads the file in the machine's legacy code page
   * and shows "Martínez" as "MartÃ­nez"; other spreadsheets and CSV readers skip the mark.
   * Streamed a page at a time in arrival order, so memory stays flat however long the list;
   * each page is read as it is sent. The header row names the fields unless `heading` words them
   * for a reader (the console's download).
   */
  async csv(
    organizationId: string,
    eventId: string,
    { status, q }: RsvpListQuery,
    heading: (column: CsvColumn) => string = (column) => column,
  ): Promise<{ filename: string; body: Readable }> {
    const event = await this.events.findOwned(organizationId, eventId);
    const present = RsvpOrganizerView.ofEvent(event.timezone);
    const readPage = (afterArrival?: string) =>
      this.repository.listPlaced(this.dataSource.manager, event.id, { status, search: q, afterArrival, limit: CSV_PAGE_SIZE });
    // The first page is read before the answer starts, so a failure is still an error response.
    const first = await readPage();
    async function* lines() {
      yield UTF8_BOM + csvRow(CSV_COLUMNS.map(heading));
      for (let rows = first; rows.length > 0; rows = rows.length < CSV_PAGE_SIZE ? [] : await readPage(rows.at(-1)!.arrival)) {
        yield rows
          .map((row) => {
            const view = present(row);
            return csvRow(CSV_COLUMNS.map((column) => view[column]));
          })
          .join('');
      }
    }
    return { filename: `rsvps-${addressOf(event)}.csv`, body: Readable.from(lines()) };
  }

  checkInById(organizationId: string, eventId: string, rsvpId: string): Promise<CheckInView> {
    return this.checkIn(organizationId, eventId, (manager, id) =>
      isUuid(rsvpId) ? manager.findOne(Rsvp, { where: { id: rsvpId, eventId: id }, lock: { mode: 'pessimistic_write' } }) : null,
    );
  }

  /** `memberId` spends the door's budget of codes (DOOR_CODES), whichever way the code came. */
  async checkInByCode(organizationId: string, eventId: string, typed: string, memberId: string): Promise<CheckInView> {
    await this.spendDoorCodes(memberId, 1);
    const code = normalizeCheckInCode(typed);
    return this.checkIn(organizationId, eventId, (manager, id) =>
      code ? manager.findOne(Rsvp, { where: { checkInCode: code, eventId: id }, lock: { mode: 'pessimistic_write' } }) : null,
    );
  }

  /** A party checked in by mistake is let out again; undoing twice is harmless. */
  undoCheckIn(organizationId: string, eventId: string, rsvpId: string): Promise<CheckInView> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findOwned(organizationId, eventId, manager);
      assertDoorOpen(event, this.clock.now());
      const rsvp = isUuid(rsvpId)
        ? await manager.findOne(Rsvp, { where: { id: rsvpId, eventId: event.id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!rsvp) throw new NotFoundError('The RSVP');
      rsvp.checkedInAt = null;
      await manager.save(rsvp);
      // Recorded as the door's scans are, so a check-in queued offline before this undo stays undone when it syncs.
      await this.scans.recordUndo(manager, event.id, rsvp.id, rsvp.checkInCode, this.clock.now());
      return {
        id: rsvp.id,
        status: rsvp.status,
        partySize: rsvp.partySize,
        checkInCode: rsvp.checkInCode,
        checkedInAt: null,
        alreadyCheckedIn: false,
      };
    });
  }

  /** Spends `amount` of the member's codes a minute: 429 once they are spent. Given `manager`, in its transaction. */
  spendDoorCodes(memberId: string, amount: number, manager?: EntityManager): Promise<void> {
    return this.allowances.spend('door-codes', memberId, amount, DOOR_CODES, manager);
  }

  /** People checked in at the door: in all, and since `since`. */
  checkedInPeople(manager: EntityManager, eventId: string, since: Date): Promise<{ people: number; since: number }> {
    return this.repository.checkedInPeople(manager, eventId, since);
  }

  /** The name on a booking, for owners and organizers at the door (moderators never see one). */
  async nameOf(organizationId: string, eventId: string, rsvpId: string): Promise<string | null> {
    const event = await this.events.findOwned(organizationId, eventId);
    return (await this.dataSource.manager.findOneBy(Rsvp, { id: rsvpId, eventId: event.id }))?.name ?? null;
  }

  /** Owners erase an ended or cancelled event's personal data at once, as retention would later. Returns how many RSVPs were erased. */
  eraseEvent(organizationId: string, eventId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findOwned(organizationId, eventId, manager);
      if (!erasableNow(event, this.clock.now())) throw new EventNotOverError();
      return (await this.erasure.eraseEvent(manager, event.id)).get(this.rsvpErasure) ?? 0;
    });
  }

  /** Checking in twice keeps the first time, so two volunteers at two doors agree. */
  private checkIn(
    organizationId: string,
    eventId: string,
    find: (manager: EntityManager, eventId: string) => Promise<Rsvp | null> | null,
  ): Promise<CheckInView> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findOwned(organizationId, eventId, manager);
      assertDoorOpen(event, this.clock.now());
      const rsvp = await find(manager, event.id);
      if (!rsvp) throw new NotFoundError('The RSVP');
      if (rsvp.status !== 'confirmed') throw new RsvpNotConfirmedError(rsvp.status);
      const alreadyCheckedIn = rsvp.checkedInAt !== null;
      rsvp.checkedInAt ??= this.clock.now();
      await manager.save(rsvp);
      return {
        id: rsvp.id,
        status: rsvp.status,
        partySize: rsvp.partySize,
        checkInCode: rsvp.checkInCode,
        checkedInAt: formatInstant(rsvp.checkedInAt, event.timezone),
        alreadyCheckedIn,
      };
    });
  }
}

/** A release's [from, to) in instants: `to`'s whole second included. */
function releaseWindow(window: ReleaseRsvpsDto, timeZone: string): [Date, Date] {
  const [from, to] = (['from', 'to'] as const).map((field) => {
    const resolved = resolveInstant(window[field], timeZone);
    if (resolved.problem !== undefined)
      throw new InvalidInputError(resolved.problem, [{ field, message: resolved.problem }], resolved.code);
    return resolved.instant;
  }) as [Date, Date];
  if (to < from)
    throw new InvalidInputError(
      'The window ends before it starts.',
      [{ field: 'to', message: 'must not be before from' }],
      'ends-before-start',
    );
  return [from, new Date(to.getTime() + 1000)];
}

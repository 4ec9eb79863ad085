import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MANAGERS, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { InvalidInputError } from '../common/domain-errors.js';
import { formatInstant } from '../common/time.js';
import type { Event } from '../events/event.entity.js';
import { doorWindow } from '../events/event-rules.js';
import { EventsService } from '../events/events.service.js';
import { normalizeCheckInCode } from '../rsvps/check-in-codes.js';
import { DoorScansRepository, type SettledScan } from '../rsvps/door-scans.repository.js';
import { RsvpOrganizerService } from '../rsvps/rsvp-organizer.service.js';
import { assertDoorOpen } from '../rsvps/rsvp-errors.js';
import { AttendanceService } from './attendance.service.js';
import {
  SYNC_MAX_ITEMS,
  type DoorListView,
  type DoubleScansView,
  type SyncDto,
  type SyncResultView,
  type SyncView,
  type SyncWalkInDto,
} from './dto/door.dto.js';

/** The first of each id: a batch naming one item twice records it once. */
function firstOfEach<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id.toLowerCase()) && !!seen.add(item.id.toLowerCase()));
}

/**
 * The door without signal: the list a phone keeps, the scans and walk-ins it queued, synced in
 * one transaction under the event's lock (two doors' syncs settle one after the other), and the
 * codes scanned twice. Only owners and organizers ever receive a name.
 */
@Injectable()
export class DoorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly scans: DoorScansRepository,
    private readonly rsvps: RsvpOrganizerService,
    private readonly attendance: AttendanceService,
    private readonly clock: Clock,
  ) {}

  async doorList(member: AuthenticatedOrganizer, eventId: string, withWaitlisted: boolean): Promise<DoorListView> {
    const event = await this.events.findOwned(member.organizationId, eventId);
    const now = this.clock.now();
    assertDoorOpen(event, now);
    const withNames = MANAGERS.includes(member.role);
    const parties = await this.scans.doorList(this.dataSource.manager, event.id, withWaitlisted);
    return {
      generatedAt: formatInstant(now, event.timezone),
      parties: parties.map(({ name, checkedInAt, ...party }) => ({
        ...party,
        checkedInAt: checkedInAt && formatInstant(checkedInAt, event.timezone),
        ...(withNames ? { name } : {}),
      })),
    };
  }

  async doubleScans(member: AuthenticatedOrganizer, eventId: string): Promise<DoubleScansView> {
    const event = await this.events.findOwned(member.organizationId, eventId);
    const withNames = MANAGERS.includes(member.role);
    const rows = await this.scans.doubleScans(this.dataSource.manager, event.id);
    return {
      items: rows.map((row) => ({
        code: row.code,
        partySize: row.partySize,
        ...(withNames ? { name: row.name } : {}),
        scans: row.devices.map((device, index) => ({ device, at: formatInstant(row.ats[index]!, event.timezone) })),
      })),
    };
  }

  /**
   * Records what a device queued, each item once by its id. A device's instant is kept within
   * the door's hours and never later than now (a phone's clock may be off): clamped, not refused.
   * Codes no party has spend the member's door budget, so a sync cannot be used to guess codes.
   */
  sync(member: AuthenticatedOrganizer, eventId: string, body: SyncDto): Promise<SyncView> {
    if (body.checkIns.length + body.walkIns.length > SYNC_MAX_ITEMS) {
      throw new InvalidInputError(`A sync takes at most ${SYNC_MAX_ITEMS} items; send the rest in another.`, undefined, 'too-many-items');
    }
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findOwned(member.organizationId, eventId, manager);
      const now = this.clock.now();
      assertDoorOpen(event, now);
      const { opensAt, closesAt } = doorWindow(event);
      const latest = Math.min(now.getTime(), closesAt.getTime());
      const instant = (text: string) => new Date(Math.min(latest, Math.max(opensAt.getTime(), Date.parse(text))));

      const scans = firstOfEach(body.checkIns).map((item) => ({
        id: item.id.toLowerCase(),
        code: normalizeCheckInCode(item.code) ?? item.code.trim().toUpperCase(),
        at: instant(item.at),
        undo: item.undo === true,
      }));
      const ids = scans.map((scan) => scan.id);
      const unknown = await this.scans.record(manager, event.id, body.device, scans);
      if (unknown > 0) await this.rsvps.spendDoorCodes(member.id, unknown, manager);
      await this.scans.settle(manager, event.id, ids);
      const settled = new Map((await this.scans.settled(manager, event.id, ids)).map((scan) => [scan.id, scan]));
      const results: SyncResultView[] = ids.map((id) => outcomeOf(id, settled.get(id), event));
      results.push(...(await this.countWalkIns(manager, event, firstOfEach(body.walkIns), instant)));
      return { results, attendance: await this.attendance.countsOf(manager, event) };
    });
  }

  /** In the devices' order of time; a correction that would take the count below zero is refused, alone. */
  private async countWalkIns(
    manager: EntityManager,
    event: Event,
    items: SyncWalkInDto[],
    instant: (text: string) => Date,
  ): Promise<SyncResultView[]> {
    if (items.length === 0) return [];
    const ids = items.map((item) => item.id.toLowerCase());
    const counted = new Set(
      (
        (await manager.query(`SELECT device_item_id AS id FROM walk_ins WHERE device_item_id = ANY($1::uuid[])`, [ids])) as { id: string }[]
      ).map((row) => row.id),
    );
    let [{ total }] = await manager.query(`SELECT coalesce(sum(delta), 0)::int AS total FROM walk_ins WHERE event_id = $1`, [event.id]);
    const fresh = items
      .map((item, index) => ({ id: ids[index]!, delta: item.delta, at: instant(item.at) }))
      .filter((item) => !counted.has(item.id))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const refused = new Set<string>();
    const added = fresh.filter((item) => {
      if (total + item.delta < 0) return !refused.add(item.id);
      total += item.delta;
      return true;
    });
    if (added.length > 0) {
      await manager.query(
        `INSERT INTO walk_ins (event_id, delta, created_at, device_item_id)
         SELECT $1, item.delta, item.at, item.id FROM unnest($2::int[], $3::timestamptz[], $4::uuid[]) AS item(delta, at, id)
         ON CONFLICT (device_item_id) DO NOTHING`,
        [event.id, added.map((item) => item.delta), added.map((item) => item.at), added.map((item) => item.id)],
      );
    }
    return ids.map((id) => ({ id, outcome: refused.has(id) ? 'refused' : 'counted' }));
  }
}

/** What one scanned item came to, said as the door says it. */
function outcomeOf(id: string, scan: SettledScan | undefined, event: Event): SyncResultView {
  if (!scan?.rsvpId || scan.status === null || scan.partySize === null) return { id, outcome: 'unknown' };
  const party = {
    partySize: scan.partySize,
    checkedInAt: scan.checkedInAt && formatInstant(scan.checkedInAt, event.timezone),
    firstDevice: scan.firstDevice,
  };
  if (scan.status !== 'confirmed') return { id, outcome: 'not-confirmed', partySize: scan.partySize };
  if (scan.checkedInAt === null) return { id, outcome: 'undone', ...party };
  return { id, outcome: !scan.undo && scan.firstScanId === id ? 'checked-in' : 'already', ...party };
}

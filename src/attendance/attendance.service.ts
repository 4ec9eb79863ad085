import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Event } from '../events/event.entity.js';
import { EventsService } from '../events/events.service.js';
import { RsvpOrganizerService } from '../rsvps/rsvp-organizer.service.js';
import { NoWalkInsToTakeBackError } from './attendance-errors.js';
import type { AttendanceView } from './dto/attendance.dto.js';

const RECENT_MS = 10 * 60_000;

/** Who is inside on the night: checked-in parties (from RSVPs) and walk-ins counted at the door. */
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly rsvps: RsvpOrganizerService,
    private readonly clock: Clock,
  ) {}

  async counts(organizationId: string, eventId: string): Promise<AttendanceView> {
    return this.countsOf(this.dataSource.manager, await this.events.findOwned(organizationId, eventId));
  }

  /** The event's row lock serializes two doors, so a correction never takes the count below zero. */
  walkIn(organizationId: string, eventId: string, delta: number): Promise<AttendanceView> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.events.findOwned(organizationId, eventId, manager);
      const [{ total }] = await manager.query(`SELECT coalesce(sum(delta), 0)::int AS total FROM walk_ins WHERE event_id = $1`, [event.id]);
      if (total + delta < 0) throw new NoWalkInsToTakeBackError(total, -delta);
      await manager.query(`INSERT INTO walk_ins (event_id, delta) VALUES ($1, $2)`, [event.id, delta]);
      return this.countsOf(manager, event);
    });
  }

  /** Walk-ins by the quarter hour they were counted in (keyed by its start), corrections included. */
  async walkInsByQuarterHour(eventId: string): Promise<Map<string, number>> {
    const rows: { at: Date; people: number }[] = await this.dataSource.query(
      `SELECT date_bin('15 minutes', created_at, timestamptz '2000-01-01Z') AS at, sum(delta)::int AS people
       FROM walk_ins WHERE event_id = $1 GROUP BY 1`,
      [eventId],
    );
    return new Map(rows.map((row) => [row.at.toISOString(), row.people]));
  }

  /** The counters as `manager` sees them (inside a caller's transaction, its own writes included). */
  async countsOf(manager: EntityManager, event: Event): Promise<AttendanceView> {
    const since = new Date(this.clock.now().getTime() - RECENT_MS);
    const [walkIns] = await manager.query(
      `SELECT coalesce(sum(delta), 0)::int AS total, coalesce(sum(delta) FILTER (WHERE created_at > $2), 0)::int AS recent
         FROM walk_ins WHERE event_id = $1`,
      [event.id, since],
    );
    const checkedIn = await this.rsvps.checkedInPeople(manager, event.id, since);
    return {
      walkIns: walkIns.total,
      inside: checkedIn.people + walkIns.total,
      capacity: event.capacity,
      arrivalsLast10Minutes: Math.max(0, checkedIn.since + walkIns.recent),
    };
  }
}

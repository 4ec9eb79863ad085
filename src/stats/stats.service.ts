import { Injectable } from '@nestjs/common';
import { AttendanceService } from '../attendance/attendance.service.js';
import { SeatsView } from '../events/dto/event.views.js';
import { EventsService } from '../events/events.service.js';
import { PanelistsService } from '../panelists/panelists.service.js';
import { QuestionsService } from '../questions/questions.service.js';
import { RsvpStatsService } from '../rsvps/rsvp-stats.service.js';
import type { ArrivalPointView, EventStatsView } from './dto/event-stats.view.js';

const QUARTER_HOUR_MS = 15 * 60_000;
/** Quiet quarter hours are shown as zeros within a day; arrivals spread wider are listed as they are. */
const MAX_FILLED_QUARTERS = 96;

/** Check-ins and walk-ins by quarter hour, in order, one point each. */
function arrivalPoints(checkIns: Map<string, number>, walkIns: Map<string, number>): ArrivalPointView[] {
  const starts = [...new Set([...checkIns.keys(), ...walkIns.keys()])].map((at) => Date.parse(at)).sort((a, b) => a - b);
  if (starts.length === 0) return [];
  const first = starts[0]!;
  const last = starts.at(-1)!;
  const quarters =
    (last - first) / QUARTER_HOUR_MS + 1 <= MAX_FILLED_QUARTERS
      ? Array.from({ length: (last - first) / QUARTER_HOUR_MS + 1 }, (_, index) => first + index * QUARTER_HOUR_MS)
      : starts;
  return quarters.map((start) => {
    const at = new Date(start).toISOString();
    return { at, people: (checkIns.get(at) ?? 0) + (walkIns.get(at) ?? 0) };
  });
}

/** One forum's numbers, each counted by the feature that owns its rows. */
@Injectable()
export class StatsService {
  constructor(
    private readonly events: EventsService,
    private readonly rsvps: RsvpStatsService,
    private readonly attendance: AttendanceService,
    private readonly questions: QuestionsService,
    private readonly panelists: PanelistsService,
  ) {}

  async forEvent(organizationId: string, eventId: string): Promise<EventStatsView> {
    const event = await this.events.findOwned(organizationId, eventId);
    const [rsvps, bookingsOverTime, checkIns, walkInsByQuarter, door, questions, panelists] = await Promise.all([
      this.rsvps.counts(event.id),
      this.rsvps.bookingsOverTime(event.id, event.timezone),
      this.rsvps.arrivals(event.id),
      this.attendance.walkInsByQuarterHour(event.id),
      this.attendance.counts(organizationId, event.id),
      this.questions.countsByStatus(event.id),
      this.panelists.countsByStatus(event.id),
    ]);
    return {
      eventId: event.id,
      seats: SeatsView.of(event),
      rsvps: rsvps.byStatus,
      checkedIn: rsvps.checkedIn,
      attendeesByLanguage: rsvps.seatsByLanguage,
      partySizes: rsvps.partySizes,
      accessibilityNeeds: rsvps.accessibilityNeeds,
      walkIns: door.walkIns,
      bookingsOverTime,
      arrivals: arrivalPoints(checkIns, walkInsByQuarter),
      questions,
      panelists,
    };
  }
}

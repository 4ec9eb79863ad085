import { Controller, Get } from '@nestjs/common';
import { CurrentOrganizer, type AuthenticatedOrganizer } from '../../accounts/auth.decorators.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { QUESTION_STATUSES } from '../../questions/question.entity.js';
import { StatsService } from '../../stats/stats.service.js';
import { PageView } from '../kit/page-view.js';
import { barChart, columnChart } from './charts.js';
import { ConsolePages } from './console-pages.decorator.js';
import { OwnedEvent } from './owned-event.guard.js';

/** The forum's numbers as pictures, for every member: the same StatsService as `GET /api/events/:id/stats`. */
@ConsolePages({ forEvent: true })
@Controller('console/events/:id/stats')
export class ConsoleStatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  async show(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event): Promise<PageView> {
    const stats = await this.stats.forEvent(organizer.organizationId, event.id);
    const { bookingsOverTime, arrivals } = stats;
    const bookings = columnChart(
      bookingsOverTime.points.map((point) => ({ at: point.at, values: [point.confirmedSeats, point.waitlistedSeats] })),
      stats.seats.capacity,
    );
    const entries = (counts: Record<string, number>) => Object.entries(counts).map(([key, value]) => ({ key, value }));
    return new PageView(
      'console/stats',
      {
        event: EventView.of(event),
        stats,
        // Every arrival: the people of checked-in parties and the walk-ins, as the door counts them.
        arrived: arrivals.reduce((sum, point) => sum + point.people, 0),
        charts: {
          bookings: bookingsOverTime.points.length ? bookings : undefined,
          bookingsUnit: bookingsOverTime.unit,
          bookingsSeries: ['console.stats.confirmed', 'console.stats.waitlisted'],
          arrivalsSeries: ['console.stats.people'],
          languages: barChart(entries(stats.attendeesByLanguage)),
          partySizes: barChart(entries(stats.partySizes)),
          arrivals: arrivals.length ? columnChart(arrivals.map((point) => ({ at: point.at, values: [point.people] }))) : undefined,
          questions: barChart(QUESTION_STATUSES.map((status) => ({ key: status, value: stats.questions[status] }))),
        },
      },
      { title: event.title },
    );
  }
}

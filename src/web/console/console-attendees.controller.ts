import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import { DoorService } from '../../attendance/door.service.js';
import { Clock } from '../../common/clock.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { doorWindow, isDoorOpen } from '../../events/event-rules.js';
import { InvalidInputError } from '../../common/domain-errors.js';
import { resolveInstant } from '../../common/time.js';
import { ReleaseRsvpsDto, RsvpListQuery } from '../../rsvps/dto/rsvp.dto.js';
import { RsvpOrganizerService } from '../../rsvps/rsvp-organizer.service.js';
import { RSVP_STATUSES, type RsvpStatus } from '../../rsvps/rsvp.entity.js';
import { StatsService } from '../../stats/stats.service.js';
import { formInteger, parseForm } from '../kit/form-errors.js';
import { PageRedirect, PageView } from '../kit/page-view.js';
import { ConsolePages, safeReturnPath } from './console-pages.decorator.js';
import { OwnedEvent } from './owned-event.guard.js';
import type { Audience } from './audiences.js';

const instantIn = (text: string, timeZone: string) => resolveInstant(text, timeZone).instant;

/** A wall-clock minute as `<input type="datetime-local">` sends it. */
const WALL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** One screen of a long list: 2,000 RSVPs page by page, by arrival. */
const PAGE_SIZE = 50;

/**
 * Who is coming, for owners and organizers only (never moderators): the confirmed, the
 * waitlist in its exact order and the cancelled, with check-in and its undo, through the same
 * RsvpOrganizerService as the API.
 */
@ConsolePages({ forEvent: true })
@Roles(...MANAGERS)
@Controller('console/events/:id/attendees')
export class ConsoleAttendeesController {
  constructor(
    private readonly rsvps: RsvpOrganizerService,
    private readonly stats: StatsService,
    private readonly door: DoorService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Query() query: Record<string, unknown>) {
    const status: RsvpStatus = RSVP_STATUSES.includes(query.status as RsvpStatus) ? (query.status as RsvpStatus) : 'confirmed';
    const { value, errors } = await parseForm(RsvpListQuery, { status, q: query.q || undefined, cursor: query.cursor, limit: PAGE_SIZE });
    const search = errors ? {} : { q: value.q, cursor: value.cursor };
    const [page, stats, doubleScans] = await Promise.all([
      this.rsvps.list(organizer.organizationId, event.id, { status, limit: PAGE_SIZE, ...search }),
      this.stats.forEvent(organizer.organizationId, event.id),
      this.door.doubleScans(organizer, event.id),
    ]);
    const now = this.clock.now();
    const { opensAt, closesAt } = doorWindow(event);
    const here = (extra: Record<string, string | undefined>) => this.path(event.id, { status, q: value.q, ...extra });
    return new PageView(
      'console/attendees',
      {
        event: EventView.of(event),
        status,
        q: value.q,
        counts: stats.rsvps,
        rsvps: page.items,
        statuses: RSVP_STATUSES.map((each) => ({
          status: each,
          href: this.path(event.id, { status: each, q: value.q }),
          count: stats.rsvps[each],
        })),
        next: page.nextCursor && here({ cursor: page.nextCursor }),
        back: here({}),
        csv: `/console/events/${event.id}/attendees.csv?${new URLSearchParams(value.q ? { status, q: value.q } : { status })}`,
        release: { released: formInteger(query.released), problem: query.releaseProblem !== undefined },
        // Check-in is for the day itself: outside the door's hours the list says when, instead of offering buttons.
        door: { open: isDoorOpen(event, now), before: now < opensAt, opensAt, closesAt },
        doubleScans: doubleScans.items,
      },
      { title: event.title },
    );
  }

  @Post(':rsvpId/check-in')
  async checkIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Param('rsvpId') rsvpId: string,
    @Query('back') back?: string,
  ) {
    await this.rsvps.checkInById(organizer.organizationId, event.id, rsvpId);
    return new PageRedirect(this.backTo(event.id, back));
  }

  @Post(':rsvpId/undo-check-in')
  async undoCheckIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Param('rsvpId') rsvpId: string,
    @Query('back') back?: string,
  ) {
    await this.rsvps.undoCheckIn(organizer.organizationId, event.id, rsvpId);
    return new PageRedirect(this.backTo(event.id, back));
  }

  /**
   * A burst of bookings without an email (a script's fake names) released in one action, as the
   * API's release: their seats go to the waitlist in order. Nobody is emailed: they gave no
   * address. The form leads to a confirmation that counts them; it comes back `confirmed`.
   */
  @Post('release')
  async release(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Body() body: Record<string, unknown>) {
    // The form's times are minutes, and "to" includes its whole minute: 19:05 reaches 19:05:59.
    const to = typeof body.to === 'string' && WALL_MINUTE.test(body.to) ? `${body.to}:59` : body.to;
    const { value, errors } = await parseForm(ReleaseRsvpsDto, { from: body.from, to, withoutEmailOnly: true });
    const problem = `/console/events/${event.id}/attendees?releaseProblem#no-email`;
    if (errors) return new PageRedirect(problem);
    try {
      if (body.confirmed !== 'true') {
        const burst = await this.rsvps.previewRelease(organizer.organizationId, event.id, value);
        const stats = await this.stats.forEvent(organizer.organizationId, event.id);
        // The times as typed, posted again on confirming, and as instants to show.
        const window = {
          from: body.from,
          to: body.to,
          fromAt: instantIn(value.from, event.timezone),
          toAt: instantIn(value.to, event.timezone),
        };
        return new PageView(
          'console/confirm-release',
          { event: EventView.of(event), burst, waitlisted: stats.rsvps.waitlisted, window },
          { title: event.title },
        );
      }
      const released = await this.rsvps.release(organizer.organizationId, event.id, value);
      return new PageRedirect(`/console/events/${event.id}/attendees?released=${released}#no-email`);
    } catch (error) {
      if (error instanceof InvalidInputError) return new PageRedirect(problem);
      throw error;
    }
  }

  /** Someone phoned: the confirmation says who is told and where the seats go. */
  @Get(':rsvpId/cancel')
  async confirmCancel(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Param('rsvpId') rsvpId: string) {
    const rsvp = await this.rsvps.get(organizer.organizationId, event.id, rsvpId);
    // One email, to them, if they gave an address that is not erased; else their own page tells them (erased: nobody).
    const told = rsvp.email ? 1 : 0;
    const audience: Audience = {
      attendees: rsvp.status === 'confirmed' ? told : 0,
      waitlisted: rsvp.status === 'waitlisted' ? told : 0,
      panelists: 0,
      onPages: rsvp.email === null && rsvp.name !== null ? 1 : 0,
    };
    return new PageView('console/attendee-cancel', { event: EventView.of(event), rsvp, audience }, { title: event.title });
  }

  /** The same cancellation as the API's: the attendee is told, the seats go to the waitlist in order. */
  @Post(':rsvpId/cancel')
  async cancel(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Param('rsvpId') rsvpId: string) {
    await this.rsvps.cancel(organizer.organizationId, event.id, rsvpId);
    return new PageRedirect(`/console/events/${event.id}/attendees?status=cancelled`);
  }

  private path(eventId: string, params: Record<string, string | undefined>): string {
    const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `/console/events/${eventId}/attendees?${query}`;
  }

  /** Back to the same list page after an action, never anywhere else. */
  private backTo(eventId: string, back: string | undefined): string {
    return safeReturnPath(back, `/console/events/${eventId}/attendees`);
  }
}

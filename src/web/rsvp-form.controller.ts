import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EventViewsService } from '../events/event-views.service.js';
import { CreateRsvpDto } from '../rsvps/dto/rsvp.dto.js';
import { EventFullError, PartyLargerThanHallError, PartyTooLargeError, RsvpClosedError } from '../rsvps/rsvp-errors.js';
import { ThrottleRsvpsPerAddress } from '../rsvps/rsvp-throttle.js';
import { RsvpsService } from '../rsvps/rsvps.service.js';
import { eventPage } from './event-page-data.js';
import { formInteger, parseForm } from './form-errors.js';
import { PageRedirect, PageView, type PageResult } from './page-view.js';
import { WebPages } from './web-pages.decorator.js';

/** Refusals that concern the event, not the person: the page says which. */
const REFUSALS: [new (...args: never[]) => Error, string][] = [
  [RsvpClosedError, 'closed'],
  [EventFullError, 'full'],
  [PartyLargerThanHallError, 'hall'],
];

/** The RSVP form of the forum page, booked through the same service (and throttle) as the API. */
@WebPages()
@Controller('events/:slug/rsvp')
export class RsvpFormController {
  constructor(
    private readonly events: EventViewsService,
    private readonly rsvps: RsvpsService,
  ) {}

  @Post()
  @ThrottleRsvpsPerAddress()
  async book(@Param('slug') slug: string, @Body() body: Record<string, unknown>, @Req() request: FastifyRequest): Promise<PageResult> {
    const event = await this.events.getPublic(slug);
    const { name, email, language, accessibilityNeeds } = body;
    const values = { name, email, partySize: formInteger(body.partySize), language, accessibilityNeeds };
    const { value, errors } = await parseForm(CreateRsvpDto, values);
    if (errors) return eventPage(event, { form: { values, errors }, status: 400 });
    try {
      await this.rsvps.book(event.id, value, request.ip);
    } catch (error) {
      if (error instanceof PartyTooLargeError) return eventPage(event, { form: { values, errors: { partySize: 'max' } }, status: 400 });
      const refused = REFUSALS.find(([type]) => error instanceof type)?.[1];
      // Shown with the event as it is now, which also says why (cancelled, over, full).
      if (refused) return eventPage(await this.events.getPublic(slug), { form: { values, refused }, status: 409 });
      throw error;
    }
    return new PageRedirect(`/events/${encodeURIComponent(slug)}/rsvp/sent`);
  }

  /** The same words whether the address was new or known, as the API's 202. */
  @Get('sent')
  async sent(@Param('slug') slug: string): Promise<PageView> {
    const event = await this.events.getPublic(slug);
    return new PageView('rsvp-sent', { event });
  }
}

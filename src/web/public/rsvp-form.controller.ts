import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '../../common/clock.js';
import { isWellFormedToken } from '../../common/tokens.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { CreateRsvpDto } from '../../rsvps/dto/rsvp.dto.js';
import { RsvpsService } from '../../rsvps/rsvps.service.js';
import { AttendeePlace } from './attendee-place.js';
import { eventPage } from './event-page-data.js';
import { codeOf, fieldErrorsOf, formInteger, parseForm } from '../kit/form-errors.js';
import { cookiesOf, PageContexts } from '../kit/page-context.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { WebPages } from '../kit/web-pages.decorator.js';
import type { ErrorCode } from '../../common/error-codes.js';

/** Refusals that concern the event, not the person: the page says which. */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  'event-cancelled': 'closed',
  'event-over': 'closed',
  'event-full': 'full',
  'party-larger-than-hall': 'hall',
  'no-email-seats-taken': 'noEmailSeats',
};

/** Carries a booking without email from the form's POST to the one GET that shows it, then is gone. */
const BOOKED_COOKIE = 'rsvp-booked';
const BOOKED_COOKIE_SECONDS = 300;
const bookedPath = (slug: string) => `/events/${encodeURIComponent(slug)}/rsvp/booked`;

/** The RSVP form of the forum page, booked through the same service (and throttle) as the API. */
@WebPages()
@Controller('events/:slug/rsvp')
export class RsvpFormController {
  constructor(
    private readonly events: EventViewsService,
    private readonly rsvps: RsvpsService,
    private readonly contexts: PageContexts,
    private readonly place: AttendeePlace,
    private readonly clock: Clock,
  ) {}

  @Post()
  async book(
    @Param('slug') slug: string,
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    const event = await this.events.getPublic(slug);
    const { name, language, accessibilityNeeds, altcha } = body;
    // An empty email box means "without an email", where the forum offers that.
    const email = typeof body.email === 'string' && body.email.trim() === '' ? undefined : body.email;
    const values = { name, email, partySize: formInteger(body.partySize), language, accessibilityNeeds, altcha: altcha || undefined };
    const { value, errors } = await parseForm(CreateRsvpDto, values);
    const shown = { ...values, altcha: undefined };
    if (errors) return eventPage(event, this.clock.now(), { form: { values: shown, errors }, status: 400 });
    try {
      if (value.email !== undefined) {
        await this.rsvps.book(event.id, { ...value, email: value.email }, request.ip);
        return new PageRedirect(`/events/${encodeURIComponent(slug)}/rsvp/sent`);
      }
      const { manageToken } = await this.rsvps.bookWithoutEmail(event.id, value, request.ip);
      // Only this browser, and only the next page it opens, learns the token: the URL it lands on holds none.
      this.contexts.setCookie(reply, {
        name: BOOKED_COOKIE,
        value: manageToken,
        path: bookedPath(slug),
        httpOnly: true,
        sameSite: 'strict',
        maxAge: BOOKED_COOKIE_SECONDS,
      });
      return new PageRedirect(bookedPath(slug));
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error, ['party-too-large', 'email-required', 'email-refused', 'proof-of-work-required']);
      if (fieldErrors) return eventPage(event, this.clock.now(), { form: { values: shown, errors: fieldErrors }, status: 400 });
      const code = codeOf(error);
      const refused = code && REFUSALS[code];
      // Shown with the event as it is now, which also says why (cancelled, over, full).
      if (refused) return eventPage(await this.events.getPublic(slug), this.clock.now(), { form: { values: shown, refused }, status: 409 });
      throw error;
    }
  }

  /** The same words whether the address was new or known, as the API's 202. */
  @Get('sent')
  async sent(@Param('slug') slug: string): Promise<PageView> {
    const event = await this.events.getPublic(slug);
    return new PageView('rsvp-sent', { event });
  }

  /**
   * A booking without email, shown once: the cookie that carries its token is cleared by this
   * very answer, which no cache keeps. A reload, the back button or the next person on a shared
   * phone finds only the words that it was shown once; the attendee keeps it through the link,
   * the calendar or the printed ticket offered here.
   */
  @Get('booked')
  async booked(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageView> {
    reply.header('Cache-Control', 'no-store');
    const token = cookiesOf(request)[BOOKED_COOKIE];
    const event = await this.events.getPublic(slug);
    if (token === undefined) return new PageView('rsvp-booked', { event, gone: true }, { title: event.title });
    this.contexts.setCookie(reply, {
      name: BOOKED_COOKIE,
      value: '',
      path: bookedPath(slug),
      httpOnly: true,
      sameSite: 'strict',
      maxAge: 0,
    });
    if (!isWellFormedToken(token)) return new PageView('rsvp-booked', { event, gone: true }, { title: event.title });
    return new PageView('rsvp-booked', await this.place.of(token), {
      title: event.title,
      scripts: ['keep-booking.js'],
      languageLinks: false,
    });
  }
}

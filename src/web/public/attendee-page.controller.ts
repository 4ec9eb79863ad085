import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConflictError } from '../../common/domain-errors.js';
import { fromParam, ThrottlePerCredential } from '../../common/throttling.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { UpdateRsvpDto } from '../../rsvps/dto/rsvp.dto.js';
import { RsvpView } from '../../rsvps/dto/rsvp.views.js';
import { RsvpFeed } from '../../rsvps/rsvp-feed.js';
import { RsvpsService } from '../../rsvps/rsvps.service.js';
import { AttendeePlace } from './attendee-place.js';
import { codeOf, fieldErrorsOf, formInteger, parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { QaParticipation, questionsPath } from './qa-participation.js';
import { WebPages } from '../kit/web-pages.decorator.js';
import { addressOf } from '../../events/event-rules.js';

interface ChangeForm {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  /** Why a valid change was refused: `noSeats` or `closed` (texts `attendee.refused.*`). */
  refused?: string;
}

/**
 * The attendee's own page, behind the manage token from their email: only their RSVP is shown
 * here (it is their own data), with the public event.
 */
@WebPages()
@Controller('rsvp')
export class AttendeePageController {
  constructor(
    private readonly rsvps: RsvpsService,
    private readonly events: EventViewsService,
    private readonly participation: QaParticipation,
    private readonly place: AttendeePlace,
    private readonly feed: RsvpFeed,
  ) {}

  /** Where a cancellation that erased the data lands: the link no longer works. */
  @Get('erased')
  erased(): PageView {
    return new PageView('rsvp-erased');
  }

  @Get(':token')
  @ThrottlePerCredential(fromParam('token'), 120, 60_000)
  show(@Param('token') token: string, @Query('saved') saved?: string): Promise<PageView> {
    return this.page(token, { saved: saved !== undefined });
  }

  @Post(':token')
  @ThrottlePerCredential(fromParam('token'), 30, 60_000)
  async change(@Param('token') token: string, @Body() body: Record<string, unknown>): Promise<PageResult> {
    const values = { partySize: formInteger(body.partySize), language: body.language, accessibilityNeeds: body.accessibilityNeeds };
    const { value, errors } = await parseForm(UpdateRsvpDto, values);
    if (errors) return this.page(token, { form: { values, errors } }, 400);
    try {
      await this.rsvps.update(token, value);
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error, ['party-too-large']);
      if (fieldErrors) return this.page(token, { form: { values, errors: fieldErrors } }, 400);
      const code = codeOf(error);
      if (code === 'event-cancelled' || code === 'event-over') return this.page(token, { form: { values, refused: 'closed' } }, 409);
      if (error instanceof ConflictError) return this.page(token, { form: { values, refused: 'noSeats' } }, 409);
      throw error;
    }
    return new PageRedirect(`/rsvp/${token}?saved`);
  }

  /** The calendar feed beside the page, so `webcal://…/rsvp/<token>/calendar.ics` subscribes a phone to it. */
  @Get(':token/calendar.ics')
  @ThrottlePerCredential(fromParam('token'), 120, 60_000)
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-cache')
  calendar(@Param('token') token: string): Promise<string> {
    return this.feed.forToken(token);
  }

  /** The confirmation step: cancelling is a second, deliberate form. */
  @Get(':token/cancel')
  @ThrottlePerCredential(fromParam('token'), 120, 60_000)
  async confirmCancel(@Param('token') token: string): Promise<PageResult> {
    const { rsvp, event } = await this.rsvps.byToken(token);
    if (rsvp.status === 'cancelled') return new PageRedirect(`/rsvp/${token}`);
    const view = await this.events.publicView(event);
    return new PageView('rsvp-cancel', { event: view, rsvp: RsvpView.of(rsvp), path: `/rsvp/${token}` }, { title: view.title });
  }

  @Post(':token/cancel')
  @ThrottlePerCredential(fromParam('token'), 30, 60_000)
  async cancel(@Param('token') token: string, @Body() body: Record<string, unknown>): Promise<PageRedirect> {
    const erase = body.erase === 'true';
    await this.rsvps.cancel(token, erase);
    return new PageRedirect(erase ? '/rsvp/erased' : `/rsvp/${token}`);
  }

  /** To the forum's Q&A as this attendee: their manage token becomes their participant cookie. */
  @Get(':token/questions')
  @ThrottlePerCredential(fromParam('token'), 120, 60_000)
  async questions(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageRedirect> {
    const { event } = await this.rsvps.byToken(token);
    this.participation.remember(reply, addressOf(event), token);
    return new PageRedirect(questionsPath(addressOf(event)));
  }

  private async page(token: string, { form, saved = false }: { form?: ChangeForm; saved?: boolean }, status?: number): Promise<PageView> {
    const place = await this.place.of(token);
    const own = place.rsvp;
    const active = own.status !== 'cancelled';
    return new PageView(
      'rsvp',
      {
        ...place,
        // No calendar entry or seats to offer someone who cancelled.
        upcoming: place.upcoming && active,
        canChange: active && place.state === 'open',
        canAsk: active && place.event.questions.enabled && place.state !== 'cancelled',
        form: form ?? { values: { partySize: own.partySize, language: own.language, accessibilityNeeds: own.accessibilityNeeds } },
        saved,
      },
      { title: place.event.title, status, scripts: ['keep-booking.js'] },
    );
  }
}

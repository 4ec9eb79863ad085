import { Body, Controller, Delete, Get, Header, Param, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../accounts/auth.decorators.js';
import { fromParam, ThrottlePerCredential } from '../common/throttling.js';
import { EventViewsService } from '../events/event-views.service.js';
import { CancelRsvpQuery, UpdateRsvpDto } from './dto/rsvp.dto.js';
import { RsvpCancelledView, RsvpManageView, RsvpView } from './dto/rsvp.views.js';
import { RsvpFeed } from './rsvp-feed.js';
import { RsvpsService } from './rsvps.service.js';

const CALENDAR = 'text/calendar; charset=utf-8';

/** The attendee's own routes: the manage token from their email is the credential. */
@ApiTags('rsvps')
@Controller('api/rsvps/:token')
export class RsvpManageController {
  constructor(
    private readonly rsvps: RsvpsService,
    private readonly events: EventViewsService,
    private readonly feed: RsvpFeed,
  ) {}

  @Get('calendar.ics')
  @Public()
  @ThrottlePerCredential(fromParam('token'), 120, 60_000)
  @Header('Content-Type', CALENDAR)
  @Header('Cache-Control', 'private, no-cache')
  @ApiOperation({
    summary:
      "Your private calendar feed: your place at the event (TENTATIVE while waiting), under your RSVP's UID with a rising SEQUENCE, CANCELLED when it is",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' } })
  calendar(@Param('token') token: string): Promise<string> {
    return this.feed.forToken(token);
  }

  @Get()
  @Public()
  @ThrottlePerCredential(fromParam('token'), 120, 60_000)
  @ApiOperation({ summary: 'Your RSVP, with your place on the waitlist, and the event' })
  @ApiOkResponse({ type: RsvpManageView })
  async get(@Param('token') token: string): Promise<RsvpManageView> {
    const { rsvp, event } = await this.rsvps.byToken(token);
    return { rsvp: RsvpView.of(rsvp), event: await this.events.publicView(event) };
  }

  @Patch()
  @Public()
  @ThrottlePerCredential(fromParam('token'), 30, 60_000)
  @ApiOperation({ summary: 'Change your party size, language or accessibility needs' })
  @ApiConflictResponse({
    description:
      'The RSVP is cancelled (`rsvp-cancelled`), or a larger party does not fit or people are waiting (`no-seats-for-larger-party`).',
  })
  @ApiOkResponse({ type: RsvpView })
  async update(@Param('token') token: string, @Body() body: UpdateRsvpDto): Promise<RsvpView> {
    return RsvpView.of(await this.rsvps.update(token, body));
  }

  @Delete()
  @Public()
  @ThrottlePerCredential(fromParam('token'), 30, 60_000)
  @ApiOperation({ summary: 'Cancel your RSVP; with ?erase=true also erase your personal data at once' })
  @ApiOkResponse({ type: RsvpCancelledView })
  async cancel(@Param('token') token: string, @Query() query: CancelRsvpQuery): Promise<RsvpCancelledView> {
    return { rsvp: RsvpView.of(await this.rsvps.cancel(token, query.erase ?? false)) };
  }
}

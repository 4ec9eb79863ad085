import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { fromParam, ThrottlePerCredential } from '../common/throttling.js';
import { EventViewsService } from '../events/event-views.service.js';
import { CancelRsvpQuery, CreateRsvpDto, UpdateRsvpDto } from './dto/rsvp.dto.js';
import { RsvpAcceptedView, RsvpCancelledView, RsvpManageView, RsvpView } from './dto/rsvp.views.js';
import { ThrottleRsvpsPerAddress } from './rsvp-throttle.js';
import { RsvpsService } from './rsvps.service.js';

/** Every valid request for an open event gets these same words, known address or not. */
const ACCEPTED = 'Thank you. Check your email: we have sent what happens next to the address you gave.';


@ApiTags('rsvps')
@Controller('api')
export class RsvpsController {
  constructor(private readonly rsvps: RsvpsService) {}

  @Post('events/:id/rsvps')
  @HttpCode(202)
  @Public()
  @ThrottleRsvpsPerAddress()
  @ApiOperation({
    summary: 'RSVP; the outcome (confirmed, waitlisted, or a fresh link for a known address) goes by email',
    description: 'Throttled per address (20 requests in 10 minutes) and per source: one client address may ask for at most 400 seats per event an hour, known addresses counted alike.',
  })
  @ApiConflictResponse({
    description: 'The event is cancelled or over, the party is larger than the whole hall, or the event is full with its waitlist off.',
  })
  @ApiAcceptedResponse({ type: RsvpAcceptedView })
  async create(@Param('id') eventId: string, @Body() body: CreateRsvpDto, @Req() request: FastifyRequest): Promise<RsvpAcceptedView> {
    await this.rsvps.book(eventId, body, request.ip);
    return { message: ACCEPTED };
  }
}

/** The attendee's own routes: the manage token from their email is the credential. */
@ApiTags('rsvps')
@Controller('api/rsvps/:token')
export class RsvpManageController {
  constructor(
    private readonly rsvps: RsvpsService,
    private readonly events: EventViewsService,
  ) {}

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
  @ApiConflictResponse({ description: 'The RSVP is cancelled, or a larger party does not fit (or people are waiting).' })
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

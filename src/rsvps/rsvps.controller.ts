import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { fromParam, ThrottlePerCredential } from '../common/throttling.js';
import { EventViewsService } from '../events/event-views.service.js';
import { CancelRsvpQuery, CreateRsvpDto, UpdateRsvpDto } from './dto/rsvp.dto.js';
import { RsvpAcceptedView, RsvpBookedView, RsvpCancelledView, RsvpChallengeView, RsvpManageView, RsvpView } from './dto/rsvp.views.js';
import { ProofOfWork } from './proof-of-work.js';
import { RsvpFeed } from './rsvp-feed.js';
import { ThrottleRsvpsPerAddress } from './rsvp-throttle.js';
import { RsvpsService } from './rsvps.service.js';

/** Every valid request for an open event gets these same words, known address or not. */
const ACCEPTED = 'Thank you. Check your email: we have sent what happens next to the address you gave.';


const CALENDAR = 'text/calendar; charset=utf-8';

@ApiTags('rsvps')
@Controller('api')
export class RsvpsController {
  constructor(
    private readonly rsvps: RsvpsService,
    private readonly proofOfWork: ProofOfWork,
  ) {}

  @Post('events/:id/rsvps')
  @HttpCode(202)
  @Public()
  @ThrottleRsvpsPerAddress()
  @ApiOperation({
    summary: 'RSVP; with an email the outcome goes there (202), without one it is answered once, here (201)',
    description:
      'With `email`: the outcome (confirmed, waitlisted, or a fresh link for a known address) goes by email, the same 202 either way; ' +
      'throttled per address (20 requests in 10 minutes). Without `email`, where the event\'s `rsvpContact` is not `email-required`: ' +
      '`altcha` must carry a solved challenge of GET /api/rsvp-challenge (each accepted once), the organizer\'s `noEmailSeatCap` applies (409), ' +
      'and the answer is 201 `{rsvp, manageToken}`, the only copy of the token. Both are limited per source: one client address may ask ' +
      'for at most 400 seats per event an hour.',
  })
  @ApiExtraModels(RsvpAcceptedView, RsvpBookedView)
  @ApiBadRequestResponse({ description: 'Invalid fields; no `email` where the forum requires one; an `email` where it takes none; `altcha` missing, wrong, expired or used.' })
  @ApiConflictResponse({
    description: 'The event is cancelled or over, the party is larger than the whole hall, the event is full with its waitlist off, or (without email) the seats kept for bookings without an email are taken.',
  })
  @ApiAcceptedResponse({ type: RsvpAcceptedView, description: 'Booked with an email: what happens next was sent to the address.' })
  @ApiCreatedResponse({ type: RsvpBookedView, description: 'Booked without an email: shown once, to the caller.' })
  async create(
    @Param('id') eventId: string,
    @Body() body: CreateRsvpDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RsvpAcceptedView | RsvpBookedView> {
    const { email } = body;
    if (email !== undefined && email !== null) {
      await this.rsvps.book(eventId, { ...body, email }, request.ip);
      return { message: ACCEPTED };
    }
    const { rsvp, manageToken } = await this.rsvps.bookWithoutEmail(eventId, { ...body, email: undefined }, request.ip);
    // Nobody else may ever see this answer: not a cache, not a shared phone's history.
    reply.status(201).header('Cache-Control', 'no-store');
    return { rsvp: RsvpView.of(rsvp), manageToken };
  }

  @Get('rsvp-challenge')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A fresh ALTCHA proof-of-work challenge, to solve before booking without an email (valid 10 minutes, accepted once)' })
  @ApiOkResponse({ type: RsvpChallengeView })
  async challenge(): Promise<RsvpChallengeView> {
    const { parameters, signature } = await this.proofOfWork.challenge();
    return { parameters: { ...parameters }, signature: signature! };
  }
}

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
    summary: 'Your private calendar feed: your place at the event (TENTATIVE while waiting), under your RSVP\'s UID with a rising SEQUENCE, CANCELLED when it is',
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

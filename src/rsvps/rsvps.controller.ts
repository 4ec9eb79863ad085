import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../accounts/auth.decorators.js';
import { CreateRsvpDto } from './dto/rsvp.dto.js';
import { RsvpAcceptedView, RsvpBookedView, RsvpChallengeView, RsvpView } from './dto/rsvp.views.js';
import { ProofOfWork } from './proof-of-work.js';
import { RsvpsService } from './rsvps.service.js';

/** Every valid request for an open event gets these same words, known address or not. */
const ACCEPTED = 'Thank you. Check your email: we have sent what happens next to the address you gave.';

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
  @ApiOperation({
    summary: 'RSVP; with an email the outcome goes there (202), without one it is answered once, here (201)',
    description:
      'With `email`: the outcome (confirmed, waitlisted, or a fresh link for a known address) goes by email, the same 202 either way; ' +
      "throttled per address and event (20 requests that could book in 10 minutes). Without `email`, where the event's `rsvpContact` is not `email-required`: " +
      "`altcha` must carry a solved challenge of GET /api/rsvp-challenge (each accepted once), the organizer's `noEmailSeatCap` applies (409), " +
      'and the answer is 201 `{rsvp, manageToken}`, the only copy of the token. Both are limited per source: one client address may ask ' +
      'for at most 400 seats per event an hour.',
  })
  @ApiExtraModels(RsvpAcceptedView, RsvpBookedView)
  @ApiBadRequestResponse({
    description:
      'Invalid fields; `party-too-large`; no `email` where the forum requires one (`email-required`); an `email` where it takes none (`email-refused`); ' +
      '`altcha` missing, wrong, expired or used (`proof-of-work-required`).',
  })
  @ApiConflictResponse({
    description:
      'The event is cancelled or over (`event-cancelled`, `event-over`), the party is larger than the whole hall (`party-larger-than-hall`), ' +
      'the event is full with its waitlist off (`event-full`), or (without email) the seats kept for bookings without an email are taken (`no-email-seats-taken`).',
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
  @ApiOperation({
    summary: 'A fresh ALTCHA proof-of-work challenge, to solve before booking without an email (valid 10 minutes, accepted once)',
  })
  @ApiOkResponse({ type: RsvpChallengeView })
  async challenge(): Promise<RsvpChallengeView> {
    const { parameters, signature } = await this.proofOfWork.challenge();
    return { parameters: { ...parameters }, signature: signature! };
  }
}

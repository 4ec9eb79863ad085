import type { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOrganizer, MANAGERS, Roles, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { CheckInByCodeDto, ReleaseRsvpsDto, RsvpListQuery } from './dto/rsvp.dto.js';
import { CheckInView, ErasureView, ReleasedView, RsvpCancelledView, RsvpPage, RsvpView } from './dto/rsvp.views.js';
import { RsvpOrganizerService } from './rsvp-organizer.service.js';

@ApiTags('rsvps')
@ApiBearerAuth()
@Controller('api/events/:id')
export class RsvpOrganizerController {
  constructor(private readonly organizer: RsvpOrganizerService) {}

  @Get('rsvps')
  @Roles(...MANAGERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'The RSVP list in arrival order (?status=), or every matching RSVP as CSV with ?format=csv' })
  @ApiOkResponse({
    type: RsvpPage,
    description:
      'JSON page; with ?format=csv a text/csv attachment with the same fields, UTF-8 with a byte-order mark (so Excel reads accents right).',
  })
  async list(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Query() query: RsvpListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RsvpPage | Readable> {
    if (query.format !== 'csv') return this.organizer.list(organizer.organizationId, eventId, query);
    const { filename, body } = await this.organizer.csv(organizer.organizationId, eventId, query);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
    return body;
  }

  @Delete('rsvps/:rsvpId')
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Cancel a booking for the attendee, who is told by email; the seats go to the waitlist' })
  @ApiOkResponse({ type: RsvpCancelledView })
  async cancel(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Param('rsvpId') rsvpId: string,
  ): Promise<RsvpCancelledView> {
    return { rsvp: RsvpView.of(await this.organizer.cancel(organizer.organizationId, eventId, rsvpId)) };
  }

  @Post('rsvps/release')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({
    summary: 'Cancel every active booking created in a time window (a burst), each attendee told; the waitlist is promoted',
    description:
      "With `withoutEmailOnly`, only the bookings made without an email address: a script's fake names, while people who gave an address keep their seats.",
  })
  @ApiOkResponse({ type: ReleasedView })
  async release(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Body() body: ReleaseRsvpsDto,
  ): Promise<ReleasedView> {
    return { released: await this.organizer.release(organizer.organizationId, eventId, body) };
  }

  @Post('rsvps/:rsvpId/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a confirmed party in by RSVP id (any member); checking in twice keeps the first time' })
  @ApiConflictResponse({
    description:
      'The RSVP is cancelled or waitlisted (`rsvp-not-confirmed`: only confirmed guests check in), or `door-closed`: check-in opens 12 hours before the start and closes 12 hours after the end.',
  })
  @ApiOkResponse({ type: CheckInView })
  checkIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Param('rsvpId') rsvpId: string,
  ): Promise<CheckInView> {
    return this.organizer.checkInById(organizer.organizationId, eventId, rsvpId);
  }

  @Delete('rsvps/:rsvpId/check-in')
  @ApiOperation({ summary: 'Undo a check-in made by mistake (any member); undoing twice is harmless' })
  @ApiOkResponse({ type: CheckInView })
  undoCheckIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Param('rsvpId') rsvpId: string,
  ): Promise<CheckInView> {
    return this.organizer.undoCheckIn(organizer.organizationId, eventId, rsvpId);
  }

  @Post('check-in')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Check a confirmed party in by the short code in their confirmation (any member; 60 codes a minute per member, shared with the console door)',
  })
  @ApiConflictResponse({
    description:
      'The RSVP is cancelled or waitlisted (`rsvp-not-confirmed`: only confirmed guests check in), or `door-closed`: check-in opens 12 hours before the start and closes 12 hours after the end.',
  })
  @ApiOkResponse({ type: CheckInView })
  checkInByCode(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Body() body: CheckInByCodeDto,
  ): Promise<CheckInView> {
    return this.organizer.checkInByCode(organizer.organizationId, eventId, body.code, organizer.id);
  }

  @Post('erase-personal-data')
  @HttpCode(200)
  @Roles('owner')
  @ApiOperation({ summary: "Erase an ended or cancelled event's personal data now (attendees, question authors), as retention would" })
  @ApiConflictResponse({
    description: '`event-not-over`: the event has not ended and is not cancelled; people still hold seats by their codes and links.',
  })
  @ApiOkResponse({ type: ErasureView })
  async erase(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') eventId: string): Promise<ErasureView> {
    return { rsvpsErased: await this.organizer.eraseEvent(organizer.organizationId, eventId) };
  }
}

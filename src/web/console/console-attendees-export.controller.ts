import type { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import type { Event } from '../../events/event.entity.js';
import { RsvpListQuery } from '../../rsvps/dto/rsvp.dto.js';
import { RsvpOrganizerService } from '../../rsvps/rsvp-organizer.service.js';
import { PageRenderer } from '../kit/page-renderer.js';
import { parseForm } from '../kit/form-errors.js';
import { ConsolePages } from './console-pages.decorator.js';
import { OwnedEvent } from './owned-event.guard.js';

/** The list as CSV, as the API exports it (formula-safe), with the header row in the reader's language. */
@ConsolePages({ forEvent: true })
@Roles(...MANAGERS)
@Controller('console/events/:id')
export class ConsoleAttendeesExportController {
  constructor(
    private readonly rsvps: RsvpOrganizerService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get('attendees.csv')
  async csv(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { value } = await parseForm(RsvpListQuery, { status: query.status, q: query.q || undefined });
    const { filename, body } = await this.rsvps.csv(
      organizer.organizationId,
      event.id,
      { status: value.status, q: value.q, limit: 0 },
      (column) => this.renderer.text(request, reply, `console.attendees.csvColumns.${column}`),
    );
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
    return body;
  }
}

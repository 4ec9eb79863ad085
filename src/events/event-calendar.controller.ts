import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import { OptionalOrganizer, Public, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { ApiConditionalGet, conditionalGet } from '../http/conditional-get.js';
import { NotFoundError } from '../common/domain-errors.js';
import { ReadCache } from '../database/read-cache.js';
import { Organization } from '../accounts/organization.entity.js';
import type { Event } from './event.entity.js';
import { ID_OR_SLUG } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

const CALENDAR = 'text/calendar; charset=utf-8';
/** A feed is for subscribing; a few years of an organization's forums is plenty. */
const FEED_LIMIT = 500;

@ApiTags('calendar')
@Controller('api')
export class EventCalendarController {
  constructor(
    private readonly events: EventsService,
    private readonly repository: EventsRepository,
    private readonly calendar: CalendarService,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly cache: ReadCache,
  ) {}

  @Get('events/:id/event.ics')
  @Public()
  @Header('Content-Type', CALENDAR)
  @ApiOperation({ summary: 'The event as an iCalendar file (METHOD:PUBLISH)' })
  @ApiProduces('text/calendar')
  @ApiParam(ID_OR_SLUG)
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiConditionalGet()
  async event(
    @Param('id') idOrSlug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalOrganizer() viewer?: AuthenticatedOrganizer,
  ): Promise<string | undefined> {
    const render = async (event: Event) =>
      this.calendar.publishEvent(event, await this.organizations.findOneByOrFail({ id: event.organizationId }));
    // A draft is visible to its organization only, so a viewer's read never goes through the cache.
    if (viewer) return render(await this.events.findVisible(idOrSlug, viewer));
    let tags: string[] = [];
    const cached = await this.cache.read(
      `event.ics:${idOrSlug}`,
      async () => {
        const event = await this.events.findVisible(idOrSlug);
        tags = [`event:${event.id}`, `organization:${event.organizationId}`];
        return render(event);
      },
      () => tags,
    );
    return conditionalGet(request, reply, cached);
  }

  @Get('organizations/:slug/events.ics')
  @Public()
  @Header('Content-Type', CALENDAR)
  @ApiOperation({ summary: "A subscribable feed of the organization's published and cancelled events" })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiConditionalGet()
  async feed(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    let tags: string[] = [];
    const cached = await this.cache.read(
      `events.ics:${slug}`,
      async () => {
        const organization = await this.organizations.findOneBy({ slug });
        if (!organization) throw new NotFoundError('The organization');
        tags = [`organization:${organization.id}`];
        return this.calendar.publishFeed(organization, await this.repository.listForFeed(organization.id, FEED_LIMIT));
      },
      () => tags,
    );
    return conditionalGet(request, reply, cached);
  }
}

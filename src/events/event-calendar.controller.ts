import { Controller, Get, Header, Param } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Repository } from 'typeorm';
import { OptionalOrganizer, Public, type AuthenticatedOrganizer } from '../auth/auth.decorators.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { NotFoundError } from '../common/domain-errors.js';
import { Organization } from '../organizations/organization.entity.js';
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
  ) {}

  @Get('events/:id/event.ics')
  @Public()
  @Header('Content-Type', CALENDAR)
  @ApiOperation({ summary: 'The event as an iCalendar file (METHOD:PUBLISH)' })
  @ApiProduces('text/calendar')
  @ApiParam(ID_OR_SLUG)
  @ApiOkResponse({ schema: { type: 'string' } })
  async event(
    @Param('id') idOrSlug: string,
    @OptionalOrganizer() viewer?: AuthenticatedOrganizer,
  ): Promise<string> {
    const event = await this.events.findVisible(idOrSlug, viewer);
    const organization = await this.organizations.findOneByOrFail({ id: event.organizationId });
    return this.calendar.publishEvent(event, organization);
  }

  @Get('organizations/:slug/events.ics')
  @Public()
  @Header('Content-Type', CALENDAR)
  @ApiOperation({ summary: 'A subscribable feed of the organization\'s published and cancelled events' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' } })
  async feed(@Param('slug') slug: string): Promise<string> {
    const organization = await this.organizations.findOneBy({ slug });
    if (!organization) throw new NotFoundError('The organization');
    return this.calendar.publishFeed(organization, await this.repository.listForFeed(organization.id, FEED_LIMIT));
  }
}

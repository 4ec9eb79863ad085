import { Body, Controller, Get, Post } from '@nestjs/common';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { EventsService } from '../../events/events.service.js';
import { OrganizationsService } from '../../accounts/organizations.service.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { ConsolePages } from './console-pages.decorator.js';
import { editorErrorsOf, editorPage, parseEventForm } from './event-editor.js';
import { newEventFormValues, type EventFormValues } from './event-form.js';

const FALLBACK_ZONE = 'America/New_York';

/** Creating a forum: it starts as a draft that only the organization sees. */
@ConsolePages()
@Roles(...MANAGERS)
@Controller('console/events')
export class ConsoleEventsController {
  constructor(
    private readonly events: EventsService,
    private readonly views: EventViewsService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get('new')
  async newForm(@CurrentOrganizer() organizer: AuthenticatedOrganizer): Promise<PageView> {
    return editorPage(undefined, { values: newEventFormValues(await this.defaultZone(organizer.organizationId)) });
  }

  @Post()
  async create(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: EventFormValues): Promise<PageResult> {
    const { value, errors } = await parseEventForm(body);
    if (errors) return editorPage(undefined, { values: body, errors }, 400);
    try {
      const event = await this.events.create(organizer.organizationId, value);
      return new PageRedirect(`/console/events/${event.id}?created`);
    } catch (error) {
      const fieldErrors = editorErrorsOf(error);
      if (fieldErrors) return editorPage(undefined, { values: body, errors: fieldErrors }, 400);
      throw error;
    }
  }

  /** The organization's chosen zone, else the zone of its latest forum. */
  private async defaultZone(organizationId: string): Promise<string> {
    const organization = await this.organizations.get(organizationId);
    if (organization.timezone) return organization.timezone;
    const { items } = await this.views.listForOrganization(organizationId, { limit: 1 });
    return items[0]?.timezone ?? FALLBACK_ZONE;
  }
}

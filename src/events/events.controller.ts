import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentOrganizer, MANAGERS, OptionalOrganizer, Public, Roles, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { ApiConditionalGet, conditionalGet } from '../common/conditional-get.js';
import { PageQuery } from '../common/pagination.js';
import { CancelEventDto, CreateEventDto, PublicEventsQuery, UpdateEventDto } from './dto/event.dto.js';
import { EventPage, EventPublicPage, EventPublicView, EventView } from './dto/event.views.js';
import { EventViewsService } from './event-views.service.js';
import { EventsService } from './events.service.js';

/** The public routes take a slug where the others take the id; one parameter name keeps them one path. */
export const ID_OR_SLUG = { name: 'id', description: "The event's id or its slug." };

@ApiTags('events')
@Controller('api')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly views: EventViewsService,
  ) {}

  @Post('events')
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an event as a draft' })
  @ApiCreatedResponse({ type: EventView })
  async create(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: CreateEventDto): Promise<EventView> {
    return EventView.of(await this.events.create(organizer.organizationId, body));
  }

  @Get('events')
  @Public()
  @ApiOperation({ summary: 'Published events: upcoming soonest first, or ?when=past most recent first' })
  @ApiOkResponse({ type: EventPublicPage })
  list(@Query() query: PublicEventsQuery): Promise<EventPublicPage> {
    return this.views.listPublic(query);
  }

  @Get('organization/events')
  @ApiBearerAuth()
  @ApiOperation({ summary: "All of the organization's events, any status, latest start first" })
  @ApiOkResponse({ type: EventPage })
  listOwn(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Query() page: PageQuery): Promise<EventPage> {
    return this.views.listForOrganization(organizer.organizationId, page);
  }

  @Get('events/:id')
  @Public()
  @ApiOperation({ summary: 'The public view of an event by id or slug (a draft only for its organization)' })
  @ApiParam(ID_OR_SLUG)
  @ApiOkResponse({ type: EventPublicView })
  @ApiConditionalGet()
  async get(
    @Param('id') idOrSlug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalOrganizer() viewer?: AuthenticatedOrganizer,
  ): Promise<EventPublicView | undefined> {
    if (viewer) return this.views.getPublic(idOrSlug, viewer);
    return conditionalGet(request, reply, await this.views.getPublicCached(idOrSlug));
  }

  @Patch('events/:id')
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change some fields; a change of time, venue or URL raises the sequence and is told to everyone holding an invite',
  })
  @ApiConflictResponse({ description: 'The event is cancelled, or the capacity would go below the seats already taken.' })
  @ApiOkResponse({ type: EventView })
  async update(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') id: string,
    @Body() body: UpdateEventDto,
  ): Promise<EventView> {
    return EventView.of(await this.events.update(organizer.organizationId, id, body));
  }

  @Post('events/:id/publish')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish a draft' })
  @ApiConflictResponse({ description: 'The event is not a draft.' })
  @ApiOkResponse({ type: EventView })
  async publish(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') id: string): Promise<EventView> {
    return EventView.of(await this.events.publish(organizer.organizationId, id));
  }

  @Post('events/:id/cancel')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Cancel a published event, giving the reason people will be told' })
  @ApiConflictResponse({ description: 'The event is already cancelled, or is a draft (delete it instead).' })
  @ApiOkResponse({ type: EventView })
  async cancel(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') id: string,
    @Body() body: CancelEventDto,
  ): Promise<EventView> {
    return EventView.of(await this.events.cancel(organizer.organizationId, id, body.reason));
  }

  @Delete('events/:id')
  @HttpCode(204)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a draft' })
  @ApiConflictResponse({ description: 'The event is not a draft: cancel it instead.' })
  @ApiNoContentResponse()
  remove(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') id: string): Promise<void> {
    return this.events.remove(organizer.organizationId, id);
  }
}

import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentOrganizer, MANAGERS, OptionalOrganizer, Public, Roles, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { ApiConditionalGet, conditionalGet } from '../http/conditional-get.js';
import { PageQuery } from '../common/pagination.js';
import { CancelEventDto, CreateEventDto, PublicEventsQuery, UpdateEventDto } from './dto/event.dto.js';
import { EventPage, EventPublicPage, EventPublicView, EventView } from './dto/event.views.js';
import type { Event } from './event.entity.js';
import { EventViewsService } from './event-views.service.js';
import { ifMatchVersion, versionTag } from './event-version.js';
import { EventsService } from './events.service.js';

/** The public routes take a slug where the others take the id; one parameter name keeps them one path. */
export const ID_OR_SLUG = { name: 'id', description: "The event's id or its slug." };

/** A member's answer of one event, with its version as ETag for the next If-Match. */
function tagged(reply: FastifyReply, event: Event): EventView {
  reply.header('etag', versionTag(event.version));
  return EventView.of(event);
}

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
  async create(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Body() body: CreateEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    return tagged(reply, await this.events.create(organizer.organizationId, body));
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
    if (viewer) {
      const view = await this.views.getPublic(idOrSlug, viewer);
      if (view.version !== undefined) reply.header('etag', versionTag(view.version)).header('cache-control', 'private, no-cache');
      return view;
    }
    return conditionalGet(request, reply, await this.views.getPublicCached(idOrSlug));
  }

  @Patch('events/:id')
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change some fields; a change of time, venue or URL raises the sequence and is told to everyone holding an invite',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The version the change was made on, as the ETag of the members\' view gave it (`"3"`). When the event changed ' +
      'meanwhile the answer is 412 `stale-version` and nothing is changed. Without it the change applies to whatever is stored.',
  })
  @ApiResponse({ status: 400, description: 'Invalid fields, or an If-Match that is not one quoted version (`invalid-if-match`).' })
  @ApiPreconditionFailedResponse({
    description: '`stale-version`: the event changed since the version If-Match names; nothing was changed.',
  })
  @ApiConflictResponse({
    description:
      'The event is cancelled (`event-cancelled`), or the capacity would go below the seats already taken (`capacity-below-taken`).',
  })
  @ApiOkResponse({
    type: EventView,
    headers: { ETag: { description: 'The new version, for the next If-Match.', schema: { type: 'string' } } },
  })
  async update(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') id: string,
    @Body() body: UpdateEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    return tagged(reply, await this.events.update(organizer.organizationId, id, body, ifMatchVersion(ifMatch)));
  }

  @Post('events/:id/publish')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish a draft: it claims its address now (the requestedSlug, or one made of its title and date)' })
  @ApiConflictResponse({
    description:
      'The event is not a draft (`not-a-draft`), or `slug-taken`: the address chosen for it belongs to another event (nothing is published).',
  })
  @ApiOkResponse({ type: EventView })
  async publish(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    return tagged(reply, await this.events.publish(organizer.organizationId, id));
  }

  @Post('events/:id/cancel')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Cancel a published event, giving the reason people will be told' })
  @ApiConflictResponse({
    description: 'The event is already cancelled (`event-cancelled`), or is a draft (`draft-never-announced`: delete it instead).',
  })
  @ApiOkResponse({ type: EventView })
  async cancel(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') id: string,
    @Body() body: CancelEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    return tagged(reply, await this.events.cancel(organizer.organizationId, id, body.reason));
  }

  @Delete('events/:id')
  @HttpCode(204)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a draft' })
  @ApiConflictResponse({ description: '`not-a-draft`: the event is not a draft, cancel it instead.' })
  @ApiNoContentResponse()
  remove(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') id: string): Promise<void> {
    return this.events.remove(organizer.organizationId, id);
  }
}

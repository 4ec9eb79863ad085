import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentOrganizer, MANAGERS, OptionalOrganizer, Public, Roles, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { PageQuery } from '../common/pagination.js';
import { CreatePanelistDto, PanelistPage, UpdatePanelistDto } from './dto/panelist.dto.js';
import { PanelistView } from './dto/panelist.views.js';
import { PanelistsService } from './panelists.service.js';

@ApiTags('panelists')
@Controller('api/events/:id/panelists')
export class PanelistsController {
  constructor(private readonly panelists: PanelistsService) {}

  @Post()
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invite a panelist or moderator; they are emailed their private link' })
  @ApiConflictResponse({
    description: 'The event is cancelled (`event-cancelled`), or this email is already on its panel (`panelist-email-taken`).',
  })
  @ApiCreatedResponse({ type: PanelistView })
  async add(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Body() body: CreatePanelistDto,
  ): Promise<PanelistView> {
    return PanelistView.of(await this.panelists.add(organizer, eventId, body));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'The panel: confirmed panelists publicly; everyone with email and status for owners and organizers' })
  @ApiOkResponse({ type: PanelistPage })
  list(
    @Param('id') eventId: string,
    @Query() page: PageQuery,
    @OptionalOrganizer() viewer?: AuthenticatedOrganizer,
  ): Promise<PanelistPage> {
    return this.panelists.list(eventId, viewer, page);
  }

  @Patch(':panelistId')
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Edit a panelist' })
  @ApiConflictResponse({ description: '`panelist-email-taken`: this email is already on the panel of this event.' })
  @ApiOkResponse({ type: PanelistView })
  async update(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Param('panelistId') panelistId: string,
    @Body() body: UpdatePanelistDto,
  ): Promise<PanelistView> {
    return PanelistView.of(await this.panelists.update(organizer, eventId, panelistId, body));
  }

  @Post(':panelistId/resend-invitation')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Email a panelist who has not answered a new invitation; the earlier link stops working' })
  @ApiOkResponse({ type: PanelistView })
  async resendInvitation(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Param('panelistId') panelistId: string,
  ): Promise<PanelistView> {
    return PanelistView.of(await this.panelists.resendInvitation(organizer, eventId, panelistId));
  }

  @Delete(':panelistId')
  @HttpCode(204)
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a panelist, who is told' })
  @ApiNoContentResponse()
  remove(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Param('panelistId') panelistId: string,
  ): Promise<void> {
    return this.panelists.remove(organizer.organizationId, eventId, panelistId);
  }
}

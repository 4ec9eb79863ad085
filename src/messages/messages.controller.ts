import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, MANAGERS, Roles, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { PageQuery } from '../common/pagination.js';
import { SendMessageDto } from './dto/message.dto.js';
import { EventMessagePage, EventMessageView } from './dto/message.views.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@Roles(...MANAGERS)
@Controller('api/events/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({ summary: 'Email a message to confirmed attendees, the waitlist, those checked in or the panel, each in their language' })
  @ApiCreatedResponse({ type: EventMessageView })
  send(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Body() body: SendMessageDto,
  ): Promise<EventMessageView> {
    return this.messages.send(organizer, eventId, body);
  }

  @Get()
  @ApiOperation({ summary: 'The messages sent about the event, newest first, with their delivery counts' })
  @ApiOkResponse({ type: EventMessagePage })
  list(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Query() query: PageQuery,
  ): Promise<EventMessagePage> {
    return this.messages.list(organizer.organizationId, eventId, query);
  }
}

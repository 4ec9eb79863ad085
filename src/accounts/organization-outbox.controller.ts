import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, MANAGERS, Roles, type AuthenticatedOrganizer } from './auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { MailOutbox } from '../notifications/mail-outbox.js';
import { OutboxMessageView, OutboxPage, OutboxQuery } from '../notifications/dto/outbox.dto.js';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/organization/outbox')
export class OrganizationOutboxController {
  constructor(private readonly outbox: MailOutbox) {}

  @Get()
  @Roles(...MANAGERS)
  @ApiOperation({ summary: "The organization's emails, newest first: pending, sent, or failed after every retry" })
  @ApiOkResponse({ type: OutboxPage })
  list(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Query() query: OutboxQuery): Promise<Page<OutboxMessageView>> {
    return this.outbox.list(organizer.organizationId, query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles(...MANAGERS)
  @ApiOperation({ summary: 'Send a failed email again (409 unless it failed)' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.' })
  @ApiConflictResponse({ description: '`message-not-failed`: only a failed message can be retried.' })
  @ApiOkResponse({ type: OutboxMessageView })
  retry(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id', new ParseUUIDPipe()) id: string): Promise<OutboxMessageView> {
    return this.outbox.retry(organizer.organizationId, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { AttendanceService } from './attendance.service.js';
import { AttendanceView, WalkInDto } from './dto/attendance.dto.js';

@ApiTags('rsvps')
@ApiBearerAuth()
@Controller('api/events/:id')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Post('walk-ins')
  @HttpCode(200)
  @ApiOperation({ summary: 'Count people let in without an RSVP (any member; no personal data)' })
  @ApiOkResponse({ type: AttendanceView })
  walkIn(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Body() body: WalkInDto,
  ): Promise<AttendanceView> {
    return this.attendance.walkIn(organizer.organizationId, eventId, body.delta);
  }

  @Get('attendance')
  @ApiOperation({ summary: 'People inside against capacity, and arrivals in the last 10 minutes (any member)' })
  @ApiOkResponse({ type: AttendanceView })
  counts(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') eventId: string): Promise<AttendanceView> {
    return this.attendance.counts(organizer.organizationId, eventId);
  }
}

import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { AttendanceService } from './attendance.service.js';
import { DoorService } from './door.service.js';
import { AttendanceView, WalkInDto } from './dto/attendance.dto.js';
import { DoorListQuery, DoorListView, DoubleScansView, SyncDto, SyncView } from './dto/door.dto.js';

const DOOR_CLOSED = 'door-closed: the door opens 12 hours before the start and closes 12 hours after the end.';

@ApiTags('rsvps')
@ApiBearerAuth()
@Controller('api/events/:id')
export class AttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly door: DoorService,
  ) {}

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

  @Get('door-list')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'What a door keeps to answer without signal: codes, party sizes, status (names for owners and organizers only)',
  })
  @ApiOkResponse({ type: DoorListView })
  @ApiConflictResponse({ description: DOOR_CLOSED })
  doorList(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Param('id') eventId: string,
    @Query() query: DoorListQuery,
  ): Promise<DoorListView> {
    return this.door.doorList(organizer, eventId, query.waitlisted === true);
  }

  @Post('check-ins/sync')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the check-ins and walk-ins a door queued without signal, each once by its id; the earliest check-in wins',
    description:
      'An undo applies only when it is the latest action for its party by the devices’ clocks. Instants are kept within the door’s hours and never after now. Codes no party has count against the 60 codes a minute of the member.',
  })
  @ApiOkResponse({ type: SyncView })
  @ApiConflictResponse({ description: DOOR_CLOSED })
  sync(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') eventId: string, @Body() body: SyncDto): Promise<SyncView> {
    return this.door.sync(organizer, eventId, body);
  }

  @Get('check-ins/conflicts')
  @ApiOperation({ summary: 'Double scans: a code checked in by more than one scan (two doors offline, or one twice)' })
  @ApiOkResponse({ type: DoubleScansView })
  conflicts(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') eventId: string): Promise<DoubleScansView> {
    return this.door.doubleScans(organizer, eventId);
  }
}

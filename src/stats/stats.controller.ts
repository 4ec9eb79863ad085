import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOrganizer, type AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { EventStatsView } from './dto/event-stats.view.js';
import { StatsService } from './stats.service.js';

@ApiTags('events')
@Controller('api')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('events/:id/stats')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Counts for organization members: seats, RSVPs over time, languages, needs, party sizes, arrivals, questions, panelists',
  })
  @ApiOkResponse({ type: EventStatsView })
  forEvent(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Param('id') id: string): Promise<EventStatsView> {
    return this.stats.forEvent(organizer.organizationId, id);
  }
}

import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../accounts/auth.decorators.js';
import { EventViewsService } from '../events/event-views.service.js';
import { PanelView } from './dto/panelist.dto.js';
import { PanelistView } from './dto/panelist.views.js';
import { PanelistsService } from './panelists.service.js';

/** The panelist's own routes: the private link token is the credential, and works for drafts too. */
@ApiTags('panelists')
@Controller('api/panel/:token')
export class PanelController {
  constructor(
    private readonly panelists: PanelistsService,
    private readonly events: EventViewsService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The panelist and their event' })
  @ApiOkResponse({ type: PanelView })
  async get(@Param('token') token: string): Promise<PanelView> {
    const { panelist, event } = await this.panelists.byToken(token);
    return { panelist: PanelistView.of(panelist), event: await this.events.publicView(event) };
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Accept the invitation (also after declining); accepting twice is harmless' })
  @ApiConflictResponse({ description: 'The event was cancelled (`event-cancelled`) or is over (`event-over`).' })
  @ApiOkResponse({ type: PanelistView })
  async accept(@Param('token') token: string): Promise<PanelistView> {
    return PanelistView.of((await this.panelists.respond(token, 'confirmed')).panelist);
  }

  @Post('decline')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Decline the invitation (also after accepting)' })
  @ApiConflictResponse({ description: 'The event was cancelled (`event-cancelled`) or is over (`event-over`).' })
  @ApiOkResponse({ type: PanelistView })
  async decline(@Param('token') token: string): Promise<PanelistView> {
    return PanelistView.of((await this.panelists.respond(token, 'declined')).panelist);
  }
}

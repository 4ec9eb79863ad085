import { Controller, Get, Param, Post } from '@nestjs/common';
import { EventViewsService } from '../events/event-views.service.js';
import { PanelistsService } from '../panelists/panelists.service.js';
import { eventPageData } from './event-page-data.js';
import { PageRedirect, PageView } from './page-view.js';
import { WebPages } from './web-pages.decorator.js';

/** The panelist's private page: the token in the link from their invitation is the credential. */
@WebPages()
@Controller('panel/:token')
export class PanelPageController {
  constructor(
    private readonly panelists: PanelistsService,
    private readonly events: EventViewsService,
  ) {}

  @Get()
  async show(@Param('token') token: string): Promise<PageView> {
    const { panelist, event } = await this.panelists.byToken(token);
    const view = await this.events.publicView(event);
    // Their own name, role and answer only; the panel shown beside it is the public one.
    const self = { name: panelist.name, role: panelist.role, status: panelist.status };
    const page = eventPageData(view);
    // As PanelistsService.respond allows: before the end, even while the event is a draft.
    const canRespond = page.state === 'open' || page.state === 'draft';
    return new PageView('panel', { ...page, panelist: self, canRespond, path: `/panel/${token}` }, { title: view.title });
  }

  @Post('accept')
  async accept(@Param('token') token: string): Promise<PageRedirect> {
    await this.panelists.respond(token, 'confirmed');
    return new PageRedirect(`/panel/${token}`);
  }

  @Post('decline')
  async decline(@Param('token') token: string): Promise<PageRedirect> {
    await this.panelists.respond(token, 'declined');
    return new PageRedirect(`/panel/${token}`);
  }
}

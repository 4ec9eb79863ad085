import { Controller, Get, Param, Query } from '@nestjs/common';
import { EventViewsService } from '../events/event-views.service.js';
import { eventPage } from './event-page-data.js';
import { PageView } from './page-view.js';
import { WebPages } from './web-pages.decorator.js';

const HOME_PAGE_SIZE = 20;

@WebPages()
@Controller()
export class EventPagesController {
  constructor(private readonly events: EventViewsService) {}

  @Get()
  async home(@Query('cursor') cursor?: string): Promise<PageView> {
    const { items, nextCursor } = await this.events.listPublic({ when: 'upcoming', limit: HOME_PAGE_SIZE, cursor });
    return new PageView('home', { events: items, nextCursor });
  }

  /** Drafts answer 404 here: a page has no organizer credentials. */
  @Get('events/:slug')
  async event(@Param('slug') slug: string): Promise<PageView> {
    return eventPage(await this.events.getPublic(slug));
  }
}

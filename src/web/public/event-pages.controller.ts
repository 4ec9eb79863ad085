import { Controller, Get, Param, Query } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { MessagesService } from '../../messages/messages.service.js';
import { QuestionsService } from '../../questions/questions.service.js';
import { announcementViews } from './attendee-place.js';
import { eventPage, eventState } from './event-page-data.js';
import { PageRedirect, PageView } from '../kit/page-view.js';
import { questionsPath } from './qa-participation.js';
import { WebPages } from '../kit/web-pages.decorator.js';

const HOME_PAGE_SIZE = 20;
/** A past forum's answered questions: an evening's worth. */
const ANSWERED_LIMIT = 200;

@WebPages()
@Controller()
export class EventPagesController {
  constructor(
    private readonly events: EventViewsService,
    private readonly questions: QuestionsService,
    private readonly messages: MessagesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async home(@Query('cursor') cursor?: string): Promise<PageView> {
    const { items, nextCursor } = await this.events.listPublic({ when: 'upcoming', limit: HOME_PAGE_SIZE, cursor });
    return new PageView('home', { events: items, nextCursor });
  }

  /** The short address the projector shows, typed from the back of the hall: on to the live Q&A. */
  @Get('q/:code')
  async join(@Param('code') code: string): Promise<PageRedirect> {
    return new PageRedirect(questionsPath((await this.events.getByJoinCode(code.toLowerCase())).slug));
  }

  /** Drafts answer 404 here: a page has no organizer credentials. */
  @Get('events/:slug')
  async event(@Param('slug') slug: string): Promise<PageView> {
    const event = await this.events.getPublic(slug);
    // Messages sent while people could book without an email are shown here too, as their preview said.
    const announcements = announcementViews(await this.messages.publicAnnouncements(event.id));
    const now = this.clock.now();
    if (eventState(event, now) !== 'ended' || !event.questions.enabled) return eventPage(event, now, { announcements });
    const { items } = await this.questions.page(event.id, ['answered'], { limit: ANSWERED_LIMIT });
    return eventPage(event, now, { answered: items, announcements });
  }
}

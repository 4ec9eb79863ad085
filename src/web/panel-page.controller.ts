import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { EventViewsService } from '../events/event-views.service.js';
import { PanelistsService } from '../panelists/panelists.service.js';
import { PanelQuestionsService } from '../questions/panel-questions.service.js';
import { QuestionsService } from '../questions/questions.service.js';
import { eventPageData } from './event-page-data.js';
import { PageRedirect, PageView } from './page-view.js';
import { questionPatchOf } from './question-actions.js';
import { WebPages } from './web-pages.decorator.js';

const QUEUE_LIMIT = 200;

/** The panelist's private page: the token in the link from their invitation is the credential. */
@WebPages()
@Controller('panel/:token')
export class PanelPageController {
  constructor(
    private readonly panelists: PanelistsService,
    private readonly events: EventViewsService,
    private readonly panelQuestions: PanelQuestionsService,
    private readonly questions: QuestionsService,
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
    const path = `/panel/${token}`;
    // Read before the queue it goes with (see QuestionsService.streamPosition).
    const since = await this.questions.streamPosition(event.id);
    const queue = panelist.status === 'confirmed' ? await this.queue(token) : undefined;
    return new PageView(
      'panel',
      { ...page, panelist: self, canRespond, path, queue, streamUrl: `/api${path}/questions/stream?since=${since}` },
      { title: view.title, scripts: queue ? ['live.js'] : [] },
    );
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

  /** A button of the queue; the service checks that this panelist may do it (403 otherwise). */
  @Post('questions/:id')
  async change(@Param('token') token: string, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<PageRedirect> {
    await this.panelQuestions.change(token, id, questionPatchOf(body.action));
    return new PageRedirect(`/panel/${token}#queue`);
  }

  /** Pending (moderators only), open and answered questions, each in the public order. */
  private async queue(token: string) {
    const { items, rejectedCount } = await this.panelQuestions.list(token, { limit: QUEUE_LIMIT });
    return {
      pending: items.filter((item) => item.status === 'pending'),
      open: items.filter((item) => item.status === 'approved'),
      answered: items.filter((item) => item.status === 'answered'),
      rejectedCount,
    };
  }
}

import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { PanelistsService } from '../../panelists/panelists.service.js';
import { PanelAskQuestionDto } from '../../questions/dto/question.dto.js';
import { PanelQuestionsService } from '../../questions/panel-questions.service.js';
import { QuestionsService } from '../../questions/questions.service.js';
import { eventPage, eventPageData } from './event-page-data.js';
import { parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { questionPatchOf } from '../kit/question-actions.js';
import { WebPages } from '../kit/web-pages.decorator.js';
import { addressOf } from '../../events/event-rules.js';

const QUEUE_LIMIT = 200;

interface CardForm {
  values: Record<string, unknown>;
  errors?: FormErrors;
  /** Back from adding one: the page says it is in. */
  added?: boolean;
}

/** The panelist's private page: the token in the link from their invitation is the credential. */
@WebPages()
@Controller('panel/:token')
export class PanelPageController {
  constructor(
    private readonly panelists: PanelistsService,
    private readonly events: EventViewsService,
    private readonly panelQuestions: PanelQuestionsService,
    private readonly questions: QuestionsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  show(@Param('token') token: string, @Query('card') card?: string): Promise<PageView> {
    return this.page(token, { values: {}, added: card === 'added' });
  }

  @Post('accept')
  async accept(@Param('token') token: string): Promise<PageRedirect> {
    await this.panelists.respond(token, 'confirmed');
    return new PageRedirect(`/panel/${token}`);
  }

  /** Withdrawing cancels the panelist's calendar entry: it is asked, not done in one tap. */
  @Get('decline')
  async confirmDecline(@Param('token') token: string): Promise<PageView> {
    const { panelist, event } = await this.panelists.byToken(token);
    const view = await this.events.publicView(event);
    const self = { name: panelist.name, role: panelist.role, status: panelist.status };
    return new PageView(
      'panel-decline',
      { ...eventPageData(view, this.clock.now()), panelist: self, path: `/panel/${token}` },
      { title: view.title },
    );
  }

  /** Only the confirmation page's button (`confirmed=yes`) declines; any other post is asked first. */
  @Post('decline')
  async decline(@Param('token') token: string, @Body() body: Record<string, unknown>): Promise<PageResult> {
    if (body.confirmed !== 'yes') return this.confirmDecline(token);
    await this.panelists.respond(token, 'declined');
    return new PageRedirect(`/panel/${token}`);
  }

  /** The forum's page as the public sees it, or will once it is published: a draft is shown as a preview. */
  @Get('event')
  async preview(@Param('token') token: string): Promise<PageResult> {
    const { event } = await this.panelists.byToken(token);
    if (event.status !== 'draft') return new PageRedirect(`/events/${encodeURIComponent(addressOf(event))}`);
    return eventPage(await this.events.publicView(event), this.clock.now());
  }

  /** A moderator panelist's paper card; the service refuses it (403) to a plain panelist. */
  @Post('questions')
  async card(@Param('token') token: string, @Body() body: Record<string, unknown>): Promise<PageResult> {
    const values = { body: body.body, authorName: body.authorName || undefined };
    const { value, errors } = await parseForm(PanelAskQuestionDto, values);
    if (errors) return this.page(token, { values, errors }, 400);
    await this.panelQuestions.ask(token, value);
    return new PageRedirect(`/panel/${token}?card=added#queue`);
  }

  /** A button of the queue; the service checks that this panelist may do it (403 otherwise). */
  @Post('questions/:id')
  async change(@Param('token') token: string, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<PageRedirect> {
    await this.panelQuestions.change(token, id, questionPatchOf(body.action));
    return new PageRedirect(`/panel/${token}#queue`);
  }

  private async page(token: string, card: CardForm = { values: {} }, status?: number): Promise<PageView> {
    const { panelist, event } = await this.panelists.byToken(token);
    const view = await this.events.publicView(event);
    // Their own name, role and answer only; the panel shown beside it is the public one.
    const self = { name: panelist.name, role: panelist.role, status: panelist.status };
    const page = eventPageData(view, this.clock.now());
    // As PanelistsService.respond allows: before the end, even while the event is a draft.
    const canRespond = page.state === 'open' || page.state === 'draft';
    const path = `/panel/${token}`;
    // Read before the queue it goes with (see QuestionsService.streamPosition).
    const since = await this.questions.streamPosition(event.id);
    const confirmed = panelist.status === 'confirmed';
    const queue = confirmed ? await this.queue(token, panelist.role === 'moderator') : undefined;
    return new PageView(
      'panel',
      {
        ...page,
        panelist: self,
        canRespond,
        path,
        queue,
        card,
        previewUrl: `${path}/event`,
        streamUrl: `/api${path}/questions/stream?since=${since}`,
      },
      { title: view.title, status, scripts: queue ? ['live.js'] : [] },
    );
  }

  /** Pending and rejected (moderators only), open and answered questions, each in the public order. */
  private async queue(token: string, moderator: boolean) {
    const { items, rejectedCount } = await this.panelQuestions.list(token, { limit: QUEUE_LIMIT });
    const rejected = moderator ? (await this.panelQuestions.list(token, { limit: QUEUE_LIMIT, status: 'rejected' })).items : undefined;
    return {
      pending: items.filter((item) => item.status === 'pending'),
      open: items.filter((item) => item.status === 'approved'),
      answered: items.filter((item) => item.status === 'answered'),
      rejected,
      rejectedCount,
    };
  }
}

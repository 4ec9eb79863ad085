import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '../../common/clock.js';
import { CrowdRoute, ThrottlePerCredential } from '../../common/throttling.js';
import { AppConfig } from '../../config/app-config.js';
import type { EventPublicView } from '../../events/dto/event.views.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { AskQuestionDto } from '../../questions/dto/question.dto.js';
import { QuestionVotesService } from '../../questions/question-votes.service.js';
import { QuestionsService } from '../../questions/questions.service.js';
import { eventPageData, eventState } from './event-page-data.js';
import { parseForm, type FormErrors } from '../kit/form-errors.js';
import { cookiesOf, CSRF_COOKIES } from '../kit/page-context.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { PARTICIPANT_COOKIE, QaParticipation, questionsPath } from './qa-participation.js';
import { qrDataUrl } from './qr-codes.js';
import { WebPages } from '../kit/web-pages.decorator.js';

/** Enough for an evening; the live list shows the same window. */
const LIST_LIMIT = 200;

/** Per browser: the participant cookie, else the CSRF cookie (either name) that every form post must carry. */
const askerOf = (request: FastifyRequest) => {
  const cookies = cookiesOf(request);
  return cookies[PARTICIPANT_COOKIE] ?? cookies[CSRF_COOKIES.https] ?? cookies[CSRF_COOKIES.http];
};

/** Why a forum's Q&A takes no questions or votes, if it does not (texts `questions.closed.*`). */
function closedReason(event: EventPublicView, now: Date): string | undefined {
  if (event.status === 'cancelled') return 'cancelled';
  if (!event.questions.enabled) return 'off';
  if (eventState(event, now) === 'ended') return 'ended';
  return undefined;
}

/** As the API answers: an ended forum is a conflict (409), a closed one forbidden (403). */
const closedStatus = (event: EventPublicView, now: Date) => (closedReason(event, now) === 'ended' ? 409 : 403);

interface AskForm {
  values: Record<string, unknown>;
  errors?: FormErrors;
}

/** The live Q&A of a forum (ask, vote) and its projector view. */
@WebPages()
@Controller('events/:slug')
export class QuestionPagesController {
  constructor(
    private readonly events: EventViewsService,
    private readonly questions: QuestionsService,
    private readonly votes: QuestionVotesService,
    private readonly participation: QaParticipation,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('questions')
  async show(@Param('slug') slug: string, @Req() request: FastifyRequest, @Query('asked') asked?: string): Promise<PageView> {
    return this.page(request, await this.events.getPublic(slug), { values: {} }, asked);
  }

  @Post('questions')
  @CrowdRoute()
  async ask(
    @Param('slug') slug: string,
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    const event = await this.events.getPublic(slug);
    const values = { body: body.body, authorName: body.authorName };
    // A page loaded before the Q&A closed: it now says why, rather than the API's bare error.
    if (closedReason(event, this.clock.now()))
      return this.page(request, event, { values }, undefined, closedStatus(event, this.clock.now()));
    const { value, errors = {} } = await parseForm(AskQuestionDto, values);
    if (!errors.authorName && !value.authorName && !event.questions.allowAnonymous) errors.authorName = 'isNotEmpty';
    if (Object.keys(errors).length) return this.page(request, event, { values, errors }, undefined, 400);
    const { question } = await this.participation.act(request, reply, event, (participantToken) =>
      this.questions.ask(event.id, value, { participantToken }),
    );
    return new PageRedirect(`${questionsPath(slug)}?asked=${question.status === 'pending' ? 'pending' : 'published'}#ask`);
  }

  @Post('questions/:id/vote')
  @CrowdRoute()
  @ThrottlePerCredential(askerOf, 60, 60_000)
  vote(
    @Param('slug') slug: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.setVote(slug, id, true, request, reply);
  }

  @Post('questions/:id/unvote')
  @CrowdRoute()
  @ThrottlePerCredential(askerOf, 60, 60_000)
  unvote(
    @Param('slug') slug: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.setVote(slug, id, false, request, reply);
  }

  /** For the projector: the top open questions in large type and a QR code to the Q&A page. */
  @Get('screen')
  async screen(@Param('slug') slug: string): Promise<PageView> {
    const event = await this.events.getPublic(slug);
    const streamUrl = await this.streamUrl(event);
    const items = await this.questions.onScreen(event.id);
    const joinUrl = `${this.config.appUrl}${questionsPath(event.slug)}`;
    // What people type: the address without its scheme, and a code instead of the slug.
    const joinAddress = `${this.config.appUrl.replace(/^https?:\/\//, '')}/q/${await this.events.joinCode(event)}`;
    // The template puts a line-break chance after each '/' and '.', so it never breaks mid-word.
    const joinAddressParts = joinAddress.split(/(?<=[./])/);
    const [current, ...next] = items;
    return new PageView(
      'screen',
      {
        ...eventPageData(event, this.clock.now()),
        current,
        next,
        joinUrl,
        joinAddressParts,
        qrCode: await qrDataUrl(joinUrl),
        streamUrl,
      },
      { title: event.title, scripts: ['live.js', 'screen.js'], hall: true },
    );
  }

  private async setVote(slug: string, id: string, voted: boolean, request: FastifyRequest, reply: FastifyReply): Promise<PageResult> {
    const event = await this.events.getPublic(slug);
    if (closedReason(event, this.clock.now()))
      return this.page(request, event, { values: {} }, undefined, closedStatus(event, this.clock.now()));
    await this.participation.act(request, reply, event, (token) => this.votes.setVote(id, token, voted));
    return new PageRedirect(`${questionsPath(slug)}#q-${id}`);
  }

  private async page(request: FastifyRequest, event: EventPublicView, form: AskForm, asked?: string, status?: number): Promise<PageView> {
    const now = this.clock.now();
    const page = eventPageData(event, now);
    const closed = closedReason(event, now);
    const streamUrl = await this.streamUrl(event);
    const [list, waiting] = await this.participation.read(request, (token) =>
      Promise.all([this.questions.list(event.id, { limit: LIST_LIMIT }, undefined, token), this.questions.waitingOf(event.id, token)]),
    );
    return new PageView(
      'questions',
      {
        ...page,
        closed,
        canVote: !closed,
        list,
        waiting,
        form,
        asked: asked === 'pending' || asked === 'published' ? asked : undefined,
        path: questionsPath(event.slug),
        streamUrl,
      },
      { title: event.title, status, scripts: ['live.js'] },
    );
  }

  /** Read before the list it goes with (see QuestionsService.streamPosition). */
  private async streamUrl(event: EventPublicView): Promise<string> {
    return `/api/events/${event.id}/questions/stream?since=${await this.questions.streamPosition(event.id)}`;
  }
}

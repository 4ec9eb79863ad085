import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentOrganizer, type AuthenticatedOrganizer } from '../../accounts/auth.decorators.js';
import { Clock } from '../../common/clock.js';
import { ForbiddenError } from '../../common/domain-errors.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { isOver } from '../../events/event-rules.js';
import { AskQuestionDto, StreamQuery } from '../../questions/dto/question.dto.js';
import { QaEndedError } from '../../questions/question-errors.js';
import { QuestionStream } from '../../questions/question-stream.js';
import type { QuestionStatus } from '../../questions/question.entity.js';
import { QuestionsService } from '../../questions/questions.service.js';
import { parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { questionPatchOf } from '../kit/question-actions.js';
import { ConsolePages } from './console-pages.decorator.js';
import { OwnedEvent } from './owned-event.guard.js';

/** Enough for an evening, as on the public page. */
const LIST_LIMIT = 200;

interface CardForm {
  values: Record<string, unknown>;
  errors?: FormErrors;
}

/**
 * Live moderation for every member (moderators too): pending questions arrive by themselves,
 * each button is a form posting the API's own change, and what the projector shows is in view.
 */
@ConsolePages({ forEvent: true })
@Controller('console/events/:id/questions')
export class ConsoleQuestionsController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly stream: QuestionStream,
    private readonly clock: Clock,
  ) {}

  @Get()
  show(@OwnedEvent() event: Event, @Query('card') card?: string): Promise<PageView> {
    return this.page(event, { values: {} }, card !== undefined ? 'cardAdded' : undefined);
  }

  /** The moderator audience of the event's stream, for the session's member (ended if they are removed). */
  @Get('stream')
  async subscribe(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: StreamQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.stream.open(reply, event.id, 'moderator', lastEventId ?? query.since, organizer.id);
  }

  /** A paper card, typed in as read out: approved at once, as through the API. */
  @Post('cards')
  async card(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const values = { body: body.body, authorName: body.authorName };
    const { value, errors = {} } = await parseForm(AskQuestionDto, values);
    if (!errors.authorName && !value.authorName && !event.questionsAllowAnonymous) errors.authorName = 'isNotEmpty';
    if (Object.keys(errors).length) return this.page(event, { values, errors }, undefined, 400);
    try {
      await this.questions.ask(event.id, { ...value, source: 'card' }, { organizer });
    } catch (error) {
      // The forum was cancelled, ended or its Q&A turned off since the page was loaded.
      if (!(error instanceof ForbiddenError || error instanceof QaEndedError)) throw error;
      return this.page(event, { values }, 'closed', 409);
    }
    return new PageRedirect(`/console/events/${event.id}/questions?card#card`);
  }

  @Post(':questionId')
  async change(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Param('questionId') questionId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<PageRedirect> {
    await this.questions.moderate(organizer, questionId, questionPatchOf(body.action), event.id);
    return new PageRedirect(`/console/events/${event.id}/questions#q-${questionId}`);
  }

  private async page(event: Event, card: CardForm, notice?: string, status?: number): Promise<PageView> {
    // Read before the lists it goes with (see QuestionsService.streamPosition).
    const since = await this.questions.streamPosition(event.id);
    const list = (statuses: QuestionStatus[]) => this.questions.page(event.id, statuses, { limit: LIST_LIMIT });
    const [pending, open, answered, rejected, onScreen] = await Promise.all([
      list(['pending']),
      list(['approved']),
      list(['answered']),
      list(['rejected']),
      this.questions.onScreen(event.id),
    ]);
    return new PageView(
      'console/questions',
      {
        event: EventView.of(event),
        queue: {
          pending: pending.items,
          open: open.items,
          answered: answered.items,
          rejected: rejected.items,
          rejectedCount: open.rejectedCount,
        },
        onScreen: { now: onScreen[0], next: onScreen.slice(1) },
        card,
        ended: isOver(event, this.clock.now()),
        notice,
        path: `/console/events/${event.id}/questions`,
        streamUrl: `/console/events/${event.id}/questions/stream?since=${since}`,
      },
      { title: event.title, status, scripts: ['live.js', 'moderation.js'] },
    );
  }
}

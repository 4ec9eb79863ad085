import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedOrganizer } from '../accounts/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { NotFoundError, UnauthorizedError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { isUniqueViolation } from '../common/postgres-errors.js';
import { countByStatus } from '../common/status-counts.js';
import type { Event } from '../events/event.entity.js';
import { ReadCache, type Cached } from '../database/read-cache.js';
import { EventsService } from '../events/events.service.js';
import { Panelist } from '../events/panelist.entity.js';
import type { AskQuestionDto, PanelAskQuestionDto, QuestionsQuery } from './dto/question.dto.js';
import { QuestionView, type QuestionPage } from './dto/question.views.js';
import { ParticipantsService } from './participants.service.js';
import { QaAllowances } from './qa-allowances.js';
import { NameRequiredError, NotAPanelistError } from './question-errors.js';
import { arrivalKind, assertAcceptingQuestions, bodyKey, changeKinds, statusOnArrival, type QuestionPatch } from './question-rules.js';
import { QuestionSignals } from './question-signals.js';
import type { Audience } from './question-stream.js';
import { PUBLIC_STATUSES, Question, QUESTION_STATUSES, type QuestionSource, type QuestionStatus } from './question.entity.js';
import { QuestionsRepository } from './questions.repository.js';

/** The projector shows a few questions in large type. */
const SCREEN_LIMIT = 5;

export interface Asked {
  question: Question;
  /** False when the participant had asked the same already: that question comes back. */
  created: boolean;
}

/** Asking, the ordered lists and moderation by organization members; panelists go through PanelQuestionsService. */
@Injectable()
export class QuestionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly participants: ParticipantsService,
    private readonly repository: QuestionsRepository,
    private readonly signals: QuestionSignals,
    private readonly allowances: QaAllowances,
    private readonly cache: ReadCache,
    private readonly clock: Clock,
  ) {
    // Every instance hears the event's question changes here (votes coalesced, within COALESCE_MS).
    signals.onSignal((eventId) => (eventId === undefined ? cache.clear() : cache.invalidate(`questions:${eventId}`)));
  }

  /** For the organizers' list of forums: how many questions wait for moderation in each. */
  pendingCounts(eventIds: string[]): Promise<Map<string, number>> {
    return this.repository.pendingCounts(eventIds);
  }

  /** A new participant token; `source` is the requester's address, only ever counted as a keyed hash. */
  async join(eventId: string, source: string): Promise<string> {
    const event = await this.events.findVisible(eventId);
    assertAcceptingQuestions(event, this.clock.now());
    await this.allowances.participantMinted(event.id, source);
    return this.participants.create(event);
  }

  /**
   * From a participant's phone, or (`source: "card"`) a paper card typed in by a member. Each is
   * counted against its own asker once verified, so attendees' traffic never limits the cards.
   */
  async ask(
    eventId: string,
    fields: AskQuestionDto,
    asker: { organizer?: AuthenticatedOrganizer; participantToken?: string },
  ): Promise<Asked> {
    if (fields.source === 'card') {
      if (!asker.organizer) throw new UnauthorizedError();
      const owned = await this.events.findOwned(asker.organizer.organizationId, eventId);
      await this.allowances.cardEntered(asker.organizer.id);
      return this.add(owned, fields, 'card', null);
    }
    const event = await this.events.findVisible(eventId, asker.organizer);
    // Before the token is resolved: a manage token's first use would add a participant.
    assertAcceptingQuestions(event, this.clock.now());
    const participantId = await this.participants.resolve(event.id, asker.participantToken);
    await this.allowances.questionAsked(participantId);
    return this.add(event, fields, 'app', participantId);
  }

  async add(event: Event, fields: PanelAskQuestionDto, source: QuestionSource, participantId: string | null): Promise<Asked> {
    assertAcceptingQuestions(event, this.clock.now());
    const authorName = fields.authorName ?? null;
    if (authorName === null && !event.questionsAllowAnonymous) {
      throw new NameRequiredError();
    }
    if (fields.panelistId !== undefined) await this.assertOnPanel(event.id, fields.panelistId);
    const key = bodyKey(fields.body);
    const asked = participantId && (await this.dataSource.manager.findOneBy(Question, { participantId, bodyKey: key }));
    if (asked) return { question: asked, created: false };
    const status = statusOnArrival(event.questionsModeration, source);
    try {
      const question = await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(
          manager.create(Question, {
            eventId: event.id,
            participantId,
            panelistId: fields.panelistId ?? null,
            body: fields.body,
            bodyKey: key,
            authorName,
            source,
            status,
            pinned: false,
            votes: 0,
            answeredAt: null,
          }),
        );
        await this.repository.appendChanges(manager, event.id, saved.id, [arrivalKind(status)]);
        return saved;
      });
      this.signals.changed(event.id);
      return { question, created: true };
    } catch (error) {
      // The same question sent twice at once: the first one stands.
      if (!participantId || !isUniqueViolation(error, 'questions_participant_body_key')) throw error;
      return { question: await this.dataSource.manager.findOneByOrFail(Question, { participantId, bodyKey: key }), created: false };
    }
  }

  /** Public: approved and answered. With `status`, members read any one status (the moderation queue). */
  async list(eventId: string, query: QuestionsQuery, viewer?: AuthenticatedOrganizer, participantToken?: string): Promise<QuestionPage> {
    if (query.status !== undefined && !viewer) throw new UnauthorizedError();
    let page: QuestionPage;
    let event: Event;
    // A participant sees their own votes marked, so their counts are read fresh with them.
    if (query.status === undefined && !viewer && participantToken === undefined) {
      ({ page, event } = (await this.publicPage(eventId, query)).value);
    } else {
      event = query.status ? await this.events.findOwned(viewer!.organizationId, eventId) : await this.events.findVisible(eventId, viewer);
      page = await this.page(event.id, query.status ? [query.status] : PUBLIC_STATUSES, query);
    }
    // The token only marks the participant's votes: an unknown or stale one still gets the public list.
    const participantId = await this.participants.resolveIfValid(event.id, participantToken);
    if (participantId === undefined) return page;
    const voted = await this.repository.votedAmong(
      participantId,
      page.items.map((item) => item.id),
    );
    return { ...page, items: page.items.map((item) => ({ ...item, votedByMe: voted.has(item.id) })) };
  }

  /** The participant's own questions still waiting for a moderator: for their device only, never the public list. */
  async waitingOf(eventId: string, participantToken: string | undefined): Promise<QuestionView[]> {
    const participantId = await this.participants.resolveIfValid(eventId, participantToken);
    if (participantId === undefined) return [];
    const waiting = await this.dataSource.manager.find(Question, {
      where: { eventId, participantId, status: 'pending' },
      order: { createdAt: 'ASC' },
    });
    return waiting.map(QuestionView.of);
  }

  /** The public list as anyone sees it, from the read cache: a change to the event or its questions drops it. */
  publicPage(eventId: string, query: QuestionsQuery): Promise<Cached<{ event: Event; page: QuestionPage }>> {
    return this.cache.read(
      `questions:${eventId}:${query.limit}:${query.cursor ?? ''}`,
      async () => {
        const event = await this.events.findVisible(eventId);
        return { event, page: await this.page(event.id, PUBLIC_STATUSES, query) };
      },
      ({ event }) => [`questions:${event.id}`, `event:${event.id}`],
    );
  }

  async page(eventId: string, statuses: readonly QuestionStatus[], query: QuestionsQuery): Promise<QuestionPage> {
    const [{ items, nextCursor }, rejectedCount] = await Promise.all([
      this.repository.queue(eventId, statuses, query),
      this.repository.rejectedCount(eventId),
    ]);
    return { items: items.map(QuestionView.of), nextCursor, rejectedCount };
  }

  /** For the event's stats. */
  countsByStatus(eventId: string): Promise<Record<QuestionStatus, number>> {
    return countByStatus(this.dataSource, Question, eventId, QUESTION_STATUSES);
  }

  /** What the projector shows: the top of the public order (pinned first), answered ones gone. */
  async onScreen(eventId: string): Promise<QuestionView[]> {
    return (await this.page(eventId, ['approved'], { limit: SCREEN_LIMIT })).items;
  }

  /**
   * Where the event's stream stands. A page reads it before its list and opens the stream from
   * there, so a change made while the page loads still reaches it.
   */
  streamPosition(eventId: string): Promise<number> {
    return this.repository.lastSeq(eventId);
  }

  /** The event's stream: what the public sees, and pending questions too for its organization's members. */
  async streamOf(eventId: string, viewer?: AuthenticatedOrganizer): Promise<{ eventId: string; audience: Audience; holder?: string }> {
    const event = await this.events.findVisible(eventId, viewer);
    const member = viewer?.organizationId === event.organizationId;
    // A member's stream ends if their id is revoked (QuestionSignals.revoke), as a panelist's does.
    return member ? { eventId: event.id, audience: 'moderator', holder: viewer.id } : { eventId: event.id, audience: 'public' };
  }

  /** `inEvent`: the console's pages act on one forum's questions; another's is not found there. */
  async moderate(organizer: AuthenticatedOrganizer, questionId: string, patch: QuestionPatch, inEvent?: string): Promise<Question> {
    const question = await this.find(questionId);
    if (inEvent !== undefined && question.eventId !== inEvent) throw new NotFoundError('The question');
    await this.events.findOwned(organizer.organizationId, question.eventId);
    return this.change(question.id, patch);
  }

  /** The question, or 404; callers check that the asker may see it. */
  async find(questionId: string): Promise<Question> {
    const question = isUuid(questionId) ? await this.dataSource.manager.findOneBy(Question, { id: questionId }) : null;
    if (!question) throw new NotFoundError('The question');
    return question;
  }

  /**
   * Applies the patch under a row lock and logs what the streams should announce. `check` sees the
   * locked row first and throws to refuse (who may do what to a question in its current state).
   */
  async change(questionId: string, patch: QuestionPatch, check?: (question: Question) => void): Promise<Question> {
    const { question, changed } = await this.dataSource.transaction(async (manager) => {
      const question = isUuid(questionId)
        ? await manager.findOne(Question, { where: { id: questionId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!question) throw new NotFoundError('The question');
      check?.(question);
      const kinds = changeKinds(question, patch);
      if (kinds.length === 0) return { question, changed: false };
      if (patch.status !== undefined) {
        question.status = patch.status;
        question.answeredAt = patch.status === 'answered' ? (question.answeredAt ?? this.clock.now()) : null;
      }
      if (patch.pinned !== undefined) question.pinned = patch.pinned;
      const saved = await manager.save(question);
      await this.repository.appendChanges(manager, saved.eventId, saved.id, kinds);
      return { question: saved, changed: true };
    });
    if (changed) this.signals.changed(question.eventId);
    return question;
  }

  private async assertOnPanel(eventId: string, panelistId: string): Promise<void> {
    const confirmed = await this.dataSource.manager.existsBy(Panelist, { id: panelistId, eventId, status: 'confirmed' });
    if (!confirmed) throw new NotAPanelistError();
  }
}

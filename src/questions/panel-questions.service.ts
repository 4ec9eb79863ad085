import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/domain-errors.js';
import { ModeratorOnlyError, PanelDeclinedError } from '../panelists/panelist-errors.js';
import type { Event } from '../events/event.entity.js';
import type { Panelist } from '../events/panelist.entity.js';
import { PanelistsService } from '../panelists/panelists.service.js';
import type { PanelAskQuestionDto, QuestionsQuery } from './dto/question.dto.js';
import type { QuestionPage } from './dto/question.views.js';
import { panelistMayApply, type QuestionPatch } from './question-rules.js';
import type { Audience } from './question-stream.js';
import { PUBLIC_STATUSES, type Question, type QuestionStatus } from './question.entity.js';
import { QuestionsService } from './questions.service.js';

const MODERATOR_STATUSES: readonly QuestionStatus[] = ['pending', ...PUBLIC_STATUSES];

/** The panel's view through a panelist's private link: any panelist answers, a moderator panelist moderates. */
@Injectable()
export class PanelQuestionsService {
  constructor(
    private readonly panelists: PanelistsService,
    private readonly questions: QuestionsService,
  ) {}

  /** The public queue marking questions addressed to them; pending ones too for a moderator. */
  async list(token: string, query: QuestionsQuery): Promise<QuestionPage> {
    const { panelist, event } = await this.panel(token);
    const visible = panelist.role === 'moderator' ? MODERATOR_STATUSES : PUBLIC_STATUSES;
    if (query.status !== undefined && panelist.role !== 'moderator' && !visible.includes(query.status)) {
      throw new ModeratorOnlyError('Only a moderator panelist sees pending and rejected questions.');
    }
    const page = await this.questions.page(event.id, query.status ? [query.status] : visible, query);
    return { ...page, items: page.items.map((item) => ({ ...item, addressedToMe: item.panelistId === panelist.id })) };
  }

  async ask(token: string, fields: PanelAskQuestionDto): Promise<Question> {
    const { panelist, event } = await this.panel(token);
    if (panelist.role !== 'moderator') throw new ModeratorOnlyError('Only a moderator panelist enters questions from cards.');
    return (await this.questions.add(event, fields, 'card', null)).question;
  }

  async change(token: string, questionId: string, patch: QuestionPatch): Promise<Question> {
    const { panelist, event } = await this.panel(token);
    // Checked on the locked row: a question a moderator rejects meanwhile stays out of a plain panelist's reach.
    return this.questions.change(questionId, patch, (question) => {
      const visible = panelist.role === 'moderator' || PUBLIC_STATUSES.includes(question.status);
      if (question.eventId !== event.id || !visible) throw new NotFoundError('The question');
      if (!panelistMayApply(panelist.role, patch, question.status)) {
        throw new ModeratorOnlyError(
          'A panelist marks questions answered (and takes that back); approving, rejecting and pinning are for moderators.',
        );
      }
    });
  }

  /** Which stream a panelist's link opens; it ends when the panelist's place or role changes. */
  async streamOf(token: string): Promise<{ eventId: string; audience: Audience; holder: string }> {
    const { panelist, event } = await this.panel(token);
    return { eventId: event.id, audience: panelist.role === 'moderator' ? 'moderator' : 'public', holder: panelist.id };
  }

  /** A panelist who declined is no longer on the panel. */
  private async panel(token: string): Promise<{ panelist: Panelist; event: Event }> {
    const found = await this.panelists.byToken(token);
    if (found.panelist.status === 'declined') throw new PanelDeclinedError();
    return found;
  }
}

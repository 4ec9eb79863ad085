import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../common/domain-errors.js';
import { EventsService } from '../events/events.service.js';
import { ParticipantsService } from './participants.service.js';
import { assertAcceptingQuestions } from './question-rules.js';
import { QuestionSignals } from './question-signals.js';
import { QuestionsRepository } from './questions.repository.js';
import { QuestionsService } from './questions.service.js';

/** One vote per participant per question; voting twice or withdrawing twice changes nothing. */
@Injectable()
export class QuestionVotesService {
  constructor(
    private readonly events: EventsService,
    private readonly questions: QuestionsService,
    private readonly participants: ParticipantsService,
    private readonly repository: QuestionsRepository,
    private readonly signals: QuestionSignals,
  ) {}

  /** Only approved questions take votes: pending and rejected ones are not there for the public (404). */
  async setVote(questionId: string, participantToken: string | undefined, voted: boolean): Promise<number> {
    const question = await this.questions.find(questionId);
    const event = await this.events.findVisible(question.eventId);
    assertAcceptingQuestions(event);
    const participantId = await this.participants.resolve(event.id, participantToken);
    if (question.status === 'answered') throw new ConflictError('The question was answered: its votes are final.');
    if (question.status !== 'approved') throw new NotFoundError('The question');
    const { votes, changed } = await this.repository.setVote(question, participantId, voted);
    if (changed) this.signals.changed(event.id);
    return votes;
  }
}

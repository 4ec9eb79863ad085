import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { hashToken, isWellFormedToken } from '../common/tokens.js';
import { ParticipantsService } from './participants.service.js';
import { QuestionAnsweredError } from './question-errors.js';
import { assertAcceptingQuestions } from './question-rules.js';
import { QuestionSignals } from './question-signals.js';
import { QuestionsRepository, type VoteAttempt } from './questions.repository.js';

/** One vote per participant per question; voting twice or withdrawing twice changes nothing. */
@Injectable()
export class QuestionVotesService {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly repository: QuestionsRepository,
    private readonly signals: QuestionSignals,
    private readonly clock: Clock,
  ) {}

  /**
   * One statement reads the rules' inputs and writes the vote when they allow it; only a token
   * that is no participant's yet (an attendee's manage token, used here the first time) takes a
   * second. Only approved questions take votes: pending and rejected ones are not there for the public (404).
   */
  async setVote(questionId: string, participantToken: string | undefined, voted: boolean): Promise<number> {
    if (!isUuid(questionId)) throw new NotFoundError('The question');
    const tokenHash = isWellFormedToken(participantToken) ? hashToken(participantToken) : undefined;
    let attempt = await this.repository.castVote(questionId, { tokenHash }, voted);
    if (!attempt) throw new NotFoundError('The question');
    // As for every public read of an event: a draft is not there.
    if (attempt.event.status === 'draft') throw new NotFoundError('The event');
    assertAcceptingQuestions(attempt.event, this.clock.now());
    if (attempt.participantId === null) {
      const id = await this.participants.resolve(attempt.eventId, participantToken);
      attempt = (await this.repository.castVote(questionId, { id }, voted))!;
    }
    assertVotable(attempt);
    if (attempt.changed) this.signals.changed(attempt.eventId);
    return attempt.votes;
  }
}

/** The statement wrote the vote only if these hold as well (and the event accepted it, checked first). */
function assertVotable(attempt: VoteAttempt): void {
  if (attempt.status === 'answered') throw new QuestionAnsweredError();
  if (attempt.status !== 'approved') throw new NotFoundError('The question');
}

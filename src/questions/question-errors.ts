import { ConflictError, ForbiddenError, InvalidInputError, UnauthorizedError } from '../common/domain-errors.js';
import { EventOverError } from '../events/event-errors.js';

export class QaEndedError extends EventOverError {
  constructor() {
    super('The event is over: its Q&A takes no new participants, questions or votes.');
  }
}

/** Q&A closed before or besides the end: the event is cancelled, not published yet, or takes no questions. */
export class QaClosedError extends ForbiddenError {
  constructor(why: 'cancelled' | 'unpublished' | 'off') {
    if (why === 'cancelled') super('The event is cancelled: its Q&A is closed.', 'event-cancelled');
    else if (why === 'unpublished') super('The event is not published yet: its Q&A opens then.', 'event-not-published');
    else super('Questions are turned off for this event.', 'questions-off');
  }
}

export class NameRequiredError extends InvalidInputError {
  constructor() {
    super(
      'This event does not take anonymous questions: give a name to show with it.',
      [{ field: 'authorName', message: 'is required at this event' }],
      'name-required',
    );
  }
}

export class NotAPanelistError extends InvalidInputError {
  constructor() {
    super(
      'The question can only be addressed to a confirmed panelist of this event.',
      [{ field: 'panelistId', message: 'must be a confirmed panelist of this event' }],
      'not-a-panelist',
    );
  }
}

export class QuestionAnsweredError extends ConflictError {
  constructor() {
    super('The question was answered: its votes are final.', undefined, 'question-answered');
  }
}

export class ParticipantTokenError extends UnauthorizedError {
  constructor() {
    super(
      'Send a valid X-Participant-Token for this event (from POST /api/events/:id/participants, or your RSVP link).',
      'participant-token-required',
    );
  }
}

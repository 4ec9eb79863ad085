import { ConflictError, InvalidInputError } from '../common/domain-errors.js';
import type { EventStatus } from './event.entity.js';

export class EndsBeforeStartError extends InvalidInputError {
  constructor() {
    super('The event must end after it starts.', [{ field: 'endsAt', message: 'must be after startsAt' }], 'ends-before-start');
  }
}

export class SlugTakenError extends ConflictError {
  constructor(slug: string) {
    super(`The address "${slug}" belongs to another event.`, [{ field: 'slug', message: 'is already taken' }], 'slug-taken');
  }
}

export class CapacityBelowTakenError extends ConflictError {
  constructor(seatsTaken: number) {
    super(`The capacity cannot go below the ${seatsTaken} seats already taken.`, undefined, 'capacity-below-taken');
  }
}

/** What a cancelled event refuses: a change, or a second cancellation (other features say what they refuse). */
export class EventCancelledError extends ConflictError {
  constructor(message = 'A cancelled event can no longer be changed.') {
    super(message, undefined, 'event-cancelled');
  }
}

export class EventOverError extends ConflictError {
  constructor(message = 'The event is over.') {
    super(message, undefined, 'event-over');
  }
}

export class NotADraftError extends ConflictError {
  constructor(action: 'publish' | 'delete', status: EventStatus) {
    super(
      action === 'publish'
        ? `Only a draft can be published; this event is ${status}.`
        : 'Only drafts can be deleted; cancel a published event instead.',
      undefined,
      'not-a-draft',
    );
  }
}

export class DraftNeverAnnouncedError extends ConflictError {
  constructor() {
    super('A draft was never announced: delete it instead of cancelling it.', undefined, 'draft-never-announced');
  }
}

/** "Erase now" before the end of a forum that still takes place: its bookings would lose their codes and links unannounced. */
export class EventNotOverError extends ConflictError {
  constructor() {
    super(
      "An upcoming forum's personal data cannot be erased yet: it is erased after the forum ends, or at once if it is cancelled.",
      undefined,
      'event-not-over',
    );
  }
}

import { ConflictError, ForbiddenError } from '../common/domain-errors.js';
import { EventCancelledError } from '../events/event-errors.js';
import type { PanelistStatus } from '../events/panelist.entity.js';

export class PanelistEmailTakenError extends ConflictError {
  constructor() {
    super('This email is already on the panel of this event.', undefined, 'panelist-email-taken');
  }
}

export class PanelClosedError extends EventCancelledError {
  constructor() {
    super('The event is cancelled: nobody can join its panel.');
  }
}

export class InvitationAnsweredError extends ConflictError {
  constructor(status: Exclude<PanelistStatus, 'invited'>) {
    super(`This panelist has already ${status === 'confirmed' ? 'accepted' : 'declined'}.`, undefined, 'invitation-answered');
  }
}

/** A panelist who declined is no longer on the panel. */
export class PanelDeclinedError extends ForbiddenError {
  constructor() {
    super('You declined this panel: accept the invitation first.', 'panel-declined');
  }
}

export class ModeratorOnlyError extends ForbiddenError {
  constructor(message: string) {
    super(message, 'moderator-only');
  }
}

import { ConflictError } from '../common/domain-errors.js';

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

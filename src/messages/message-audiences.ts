import type { RsvpContact } from '../events/event.entity.js';
import { ATTENDEE_AUDIENCES } from '../rsvps/attendee-audiences.js';

/** Who a message can go to: attendees by where they stand, or the panel. */
export const MESSAGE_AUDIENCES = [...ATTENDEE_AUDIENCES, 'panel'] as const;
export type MessageAudience = (typeof MESSAGE_AUDIENCES)[number];

/**
 * Whether a message is shown on the forum's public page, as its preview says: one to attendees
 * of a forum that takes bookings without an email (they have no inbox to get it in). Decided
 * when it is sent and kept with it: a forum that later stops asking for an email publishes
 * nothing that was written as a private email.
 */
export function shownPublicly(audience: MessageAudience, rsvpContact: RsvpContact): boolean {
  return audience !== 'panel' && rsvpContact !== 'email-required';
}

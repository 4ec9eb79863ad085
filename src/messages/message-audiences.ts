import { ATTENDEE_AUDIENCES } from '../rsvps/attendee-audiences.js';

/** Who a message can go to: attendees by where they stand, or the panel. */
export const MESSAGE_AUDIENCES = [...ATTENDEE_AUDIENCES, 'panel'] as const;
export type MessageAudience = (typeof MESSAGE_AUDIENCES)[number];

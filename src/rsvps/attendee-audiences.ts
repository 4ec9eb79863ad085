/** Attendees an organizer can write to, by where they stand. */
export const ATTENDEE_AUDIENCES = ['confirmed', 'waitlisted', 'checked-in'] as const;
export type AttendeeAudience = (typeof ATTENDEE_AUDIENCES)[number];

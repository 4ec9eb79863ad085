import type { EventStatsView } from '../../stats/dto/event-stats.view.js';

/** Who an act on a forum will email, counted before the organizer confirms it. */
export interface Audience {
  /** Confirmed bookings (one email each, whatever the party size). */
  attendees: number;
  waitlisted: number;
  /** Panelists who have not declined: those who accepted get a calendar update, the others words. */
  panelists: number;
}

export type AudienceAct = 'reschedule' | 'cancel' | 'delete' | 'publish';

/**
 * Mirrors who the change listeners write to (rsvps/rsvp-event-listener.ts,
 * notifications/panelist-mail.ts): a move reaches confirmed attendees and the panel; a
 * cancellation also the waitlist; deleting a draft, its panel; publishing, nobody.
 */
export function audienceOf(act: AudienceAct, stats: EventStatsView): Audience {
  const panelists = stats.panelists.invited + stats.panelists.confirmed;
  switch (act) {
    case 'reschedule':
      return { attendees: stats.rsvps.confirmed, waitlisted: 0, panelists };
    case 'cancel':
      return { attendees: stats.rsvps.confirmed, waitlisted: stats.rsvps.waitlisted, panelists };
    case 'delete':
      return { attendees: 0, waitlisted: 0, panelists };
    case 'publish':
      return { attendees: 0, waitlisted: 0, panelists: 0 };
  }
}

export const reachesAnyone = (audience: Audience) => audience.attendees + audience.waitlisted + audience.panelists > 0;

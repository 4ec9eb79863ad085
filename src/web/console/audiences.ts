import type { Reach } from '../../rsvps/rsvps.repository.js';
import type { EventStatsView } from '../../stats/dto/event-stats.view.js';

/** Who an act on a forum will email, counted before the organizer confirms it. */
export interface Audience {
  /** Confirmed bookings with an email (one email each, whatever the party size). */
  attendees: number;
  waitlisted: number;
  /** Panelists who have not declined: those who accepted get a calendar update, the others words. */
  panelists: number;
  /** Attendees of the act who gave no email: not emailed, they see it on their own page. */
  onPages: number;
}

export type AudienceAct = 'reschedule' | 'cancel' | 'delete' | 'publish';

/**
 * Mirrors who the change listeners write to (rsvps/rsvp-event-listener.ts,
 * notifications/panelist-mail.ts): a move reaches confirmed attendees and the panel; a
 * cancellation also the waitlist; deleting a draft, its panel; publishing, nobody. Attendees
 * are counted by the rule a message's preview uses (RsvpOrganizerService.reach).
 */
export function audienceOf(act: AudienceAct, stats: EventStatsView, reach: Record<'confirmed' | 'waitlisted', Reach>): Audience {
  const panelists = stats.panelists.invited + stats.panelists.confirmed;
  const { confirmed, waitlisted } = reach;
  switch (act) {
    case 'reschedule':
      return { attendees: confirmed.emailed, waitlisted: 0, panelists, onPages: confirmed.onPages };
    case 'cancel':
      return { attendees: confirmed.emailed, waitlisted: waitlisted.emailed, panelists, onPages: confirmed.onPages + waitlisted.onPages };
    case 'delete':
      return { attendees: 0, waitlisted: 0, panelists, onPages: 0 };
    case 'publish':
      return { attendees: 0, waitlisted: 0, panelists: 0, onPages: 0 };
  }
}

/** Whether the act reaches anyone, by email or on their own page: then the organizer confirms it knowing who. */
export const reachesAnyone = (audience: Audience) => audience.attendees + audience.waitlisted + audience.panelists + audience.onPages > 0;

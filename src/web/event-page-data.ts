import type { EventPublicView } from '../events/dto/event.views.js';

/** `open` takes RSVPs; the RSVP service applies the same rule when one arrives. */
export type EventState = 'open' | 'ended' | 'cancelled' | 'draft';

export function eventState(event: EventPublicView, now = Date.now()): EventState {
  if (event.status !== 'published') return event.status;
  return Date.parse(event.endsAt) <= now ? 'ended' : 'open';
}

/** What the event templates (event.hbs, the event-details partial) expect of an event. */
export function eventPageData(event: EventPublicView) {
  return { event, state: eventState(event), calendarUrl: `/api/events/${encodeURIComponent(event.slug)}/event.ics` };
}

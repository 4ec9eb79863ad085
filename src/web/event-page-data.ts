import type { EventPublicView } from '../events/dto/event.views.js';
import type { FormErrors } from './form-errors.js';
import { PageView } from './page-view.js';

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

export interface RsvpForm {
  values: Record<string, unknown>;
  errors?: FormErrors;
  /** Why the RSVP was refused although the form was right: `closed`, `full`, `hall` (texts `rsvp.refused.*`). */
  refused?: string;
}

/** The forum page, with its RSVP form empty or as sent. */
export function eventPage(event: EventPublicView, form: RsvpForm = { values: { partySize: 1 } }, status?: number): PageView {
  return new PageView('event', { ...eventPageData(event), form }, { title: event.title, status });
}

import type { EventPublicView } from '../../events/dto/event.views.js';
import { eventFacts } from '../../events/event-facts.js';
import { isOver } from '../../events/event-rules.js';
import type { QuestionView } from '../../questions/dto/question.views.js';
import type { FormErrors } from '../kit/form-errors.js';
import { PageView } from '../kit/page-view.js';

/** `open` takes RSVPs; the RSVP service applies the same rule when one arrives. */
export type EventState = 'open' | 'ended' | 'cancelled' | 'draft';

export function eventState(event: EventPublicView, now: Date): EventState {
  if (event.status !== 'published') return event.status;
  return isOver(event, now) ? 'ended' : 'open';
}

/** What the event templates (event.hbs, the event-details partial) expect of an event. */
export function eventPageData(event: EventPublicView, now: Date) {
  const state = eventState(event, now);
  return {
    event,
    facts: eventFacts(event),
    state,
    // What only makes sense before the forum: a calendar entry, seats, a panel still to come.
    upcoming: state === 'open' || state === 'draft',
    canBook: state === 'open' && event.seats.availability !== 'full',
    // When the seats are gone, the form and its jump link say what sending it does.
    rsvpHeading: event.seats.availability === 'waitlist' ? 'rsvp.joinWaitlist' : 'rsvp.heading',
    // The RSVP fields' limits, for the controls and for the error summary's words alike.
    rsvpLimits: {
      name: { minlength: 1, maxlength: 200 },
      email: { maxlength: 254 },
      partySize: { min: 1, max: event.maxPartySize },
      accessibilityNeeds: { maxlength: 1000 },
    },
    // A walk-in finds the live Q&A from the forum page; after the forum, what was answered.
    questionsLink: event.questions.enabled && (state === 'open' || state === 'ended'),
    // A draft's file answers 404 to anyone but an API client of its organization: the page says it comes with publishing.
    calendarUrl: state === 'draft' ? undefined : `/api/events/${encodeURIComponent(event.slug)}/event.ics`,
    questionsUrl: `/events/${encodeURIComponent(event.slug)}/questions`,
  };
}

export interface RsvpForm {
  values: Record<string, unknown>;
  errors?: FormErrors;
  /** Why the RSVP was refused although the form was right: `closed`, `full`, `hall` (texts `rsvp.refused.*`). */
  refused?: string;
}

export interface EventPageOptions {
  form?: RsvpForm;
  status?: number;
  /** A past forum shows the questions its panel answered. */
  answered?: QuestionView[];
  /** The organizers' messages, for attendees who gave no email (see AttendeePlace). */
  announcements?: unknown[];
}

/** The forum page, with its RSVP form empty or as sent. */
export function eventPage(
  event: EventPublicView,
  now: Date,
  { form = { values: { partySize: 1 } }, status, answered = [], announcements = [] }: EventPageOptions = {},
): PageView {
  // Booking without an email needs the proof of work, which the browser computes.
  const scripts = event.rsvpContact === 'email-required' ? [] : ['proof-of-work.js'];
  return new PageView('event', { ...eventPageData(event, now), form, answered, announcements }, { title: event.title, status, scripts });
}

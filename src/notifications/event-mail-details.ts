import type { Event } from '../events/event.entity.js';
import { placeOf } from '../events/event-rules.js';
import type { Organization } from '../organizations/organization.entity.js';

/**
 * What an email says about an event (the `event-details-html`/`-text` partials): only what
 * is public on its page, in plain values the templates format in the event's own zone.
 */
export function eventMailDetails(event: Event, organization: Pick<Organization, 'name'>, appUrl: string) {
  return {
    title: event.title,
    // The recipient's language picks it at rendering (MailTemplates.render).
    es: event.titleEs ? { title: event.titleEs } : null,
    organizationName: organization.name,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    place: placeOf(event),
    accessibilityNotes: event.venueAccessibilityNotes,
    onlineUrl: event.onlineUrl,
    interpretation: event.interpretation,
    // A draft's page answers 404 outside the organization: its panelists preview it from their own page.
    url: event.status === 'draft' ? null : `${appUrl}/events/${event.slug}`,
  };
}

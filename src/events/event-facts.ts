import type { Language } from '../common/languages.js';
import type { Organization } from '../accounts/organization.entity.js';
import { EventPublicView } from './dto/event.views.js';
import type { Event } from './event.entity.js';
import { inReaderLanguage } from './event-texts.js';

type PublicEvent = Pick<
  EventPublicView,
  'slug' | 'title' | 'es' | 'status' | 'startsAt' | 'endsAt' | 'timezone' | 'venue' | 'onlineUrl' | 'interpretation' | 'organization'
>;

/** A search on OpenStreetMap, opened only if the reader follows the link: the page itself loads nothing from a map site. */
export function mapUrl(address: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;
}

/**
 * What pages and letters say about an event: only what is public on its page, its times as
 * instants the templates show in the event's own zone and the reader's language. `siteUrl`
 * prefixes the link to its page (empty on the site itself).
 */
export function eventFacts(event: PublicEvent, siteUrl = '') {
  const venue = event.venue;
  return {
    title: event.title,
    // inReaderLanguage picks the Spanish title for a Spanish reader.
    es: event.es,
    organizationName: event.organization.name,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    venue,
    place: venue ? [venue.name, venue.room, venue.address].filter(Boolean).join(', ') : null,
    mapUrl: venue?.address ? mapUrl(venue.address) : null,
    accessibilityNotes: venue?.accessibilityNotes ?? null,
    onlineUrl: event.onlineUrl,
    interpretation: event.interpretation,
    // A draft's page answers 404 outside the organization: its panelists preview it from their own page.
    url: event.status === 'draft' ? null : `${siteUrl}/events/${event.slug}`,
  };
}

export type EventFacts = ReturnType<typeof eventFacts>;

/** The facts a letter gives its reader: the event's public view, titled in the reader's language. */
export function letterFacts(event: Event, organization: Organization, appUrl: string, language: Language): EventFacts {
  return inReaderLanguage(eventFacts(EventPublicView.of(event, organization, []), appUrl), language);
}

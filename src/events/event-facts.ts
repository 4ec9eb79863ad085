import type { Language } from '../common/languages.js';
import type { Organization } from '../organizations/organization.entity.js';
import type { Event } from './event.entity.js';
import { placeOf } from './event-rules.js';
import { inReaderLanguage } from './event-texts.js';

/**
 * What a letter says about an event (the `event-details` partial of templates/email/): only
 * what is public on its page, its title in the reader's language, its times as instants the
 * templates show in the event's own zone and the reader's language.
 */
export function eventFacts(event: Event, organization: Pick<Organization, 'name'>, appUrl: string, language: Language) {
  return {
    title: inReaderLanguage({ title: event.title, es: event.titleEs ? { title: event.titleEs } : null }, language).title,
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

/** A search on OpenStreetMap, opened only if the reader follows the link: the page itself loads nothing from a map site. */
export function mapUrl(address: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;
}

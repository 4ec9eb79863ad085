import ical, { escape, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { placeOf, type Venue } from '../common/places.js';

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface CalendarAttendee {
  name: string;
  email: string;
}

/** What a calendar needs of a forum: plain data, so calendar/ knows no feature (an Event row is one). */
export interface CalendarForum extends Venue {
  id: string;
  slug: string | null;
  title: string;
  summary: string | null;
  description: string | null;
  interpretation: string | null;
  venueAccessibilityNotes: string | null;
  onlineUrl: string | null;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The host named as ORGANIZER. */
export interface CalendarOrganization {
  name: string;
  contactEmail: string | null;
}

/** One VEVENT: whose event, under which UID and SEQUENCE, and for REQUEST/CANCEL its one recipient. */
export interface CalendarEntry {
  event: CalendarForum;
  organization: CalendarOrganization;
  uid: string;
  sequence: number;
  attendee?: CalendarAttendee;
  /** An attendee's own feed tells their place: a title of its own (e.g. on the waitlist), a note first in the description, TENTATIVE while waiting. */
  summary?: string;
  note?: string;
  tentative?: boolean;
  /** The attendee's own place is given up, though the event goes on. */
  cancelled?: boolean;
}

export interface CalendarOptions {
  method: CalendarMethod;
  /** APP_URL: the event's page is `${appUrl}/events/<slug>`. */
  appUrl: string;
  /** ORGANIZER address when the organization has no contactEmail: the MAIL_FROM address. */
  fallbackOrganizerEmail: string;
  /** Calendar name shown by subscribing clients (feeds only). */
  name?: string;
  /** DTSTAMP: when the document was made (the app's clock); a queued email keeps it, so a retry is identical. */
  stamp: Date;
  /** How often subscribing clients should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshSeconds?: number;
}

/**
 * `<kind>-<id>@<host of APP_URL>`: `event-<event id>` in every feed and download, and for
 * personal invites `panelist-<invite_uid>` or `rsvp-<its uid>`, so no two places share a UID.
 */
export function calendarUid(kind: 'event' | 'panelist' | 'rsvp', id: string, appUrl: string): string {
  return `${kind}-${id}@${new URL(appUrl).hostname}`;
}

/** The address inside `Name <address>`, or the text itself. */
export function mailAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1]?.trim() ?? from.trim();
}

/**
 * The tz database's VTIMEZONE for the zone and the TZID it names (an ICU alias such as
 * Asia/Calcutta maps to Asia/Kolkata); undefined if unknown, and the times then go out in UTC.
 */
function vtimezone(zone: string): { tzid: string; block: string } | undefined {
  const result = tzlib_get_ical_block(zone);
  if (!Array.isArray(result) || !result[0] || !result[1]?.startsWith('TZID=')) return undefined;
  return { tzid: result[1].slice('TZID='.length), block: result[0] };
}

function location(event: CalendarForum): string | null {
  return placeOf(event) ?? event.onlineUrl;
}

function description(event: CalendarForum, pageUrl: string, note?: string): string {
  return [note, event.summary, event.description, event.interpretation, event.venueAccessibilityNotes, event.onlineUrl, pageUrl]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
}

/**
 * An RFC 5545 calendar. Times are written in the event's own zone with its VTIMEZONE, built
 * from instants (never from the server's local time); DTSTAMP, CREATED and LAST-MODIFIED in UTC.
 * PUBLISH never carries an ATTENDEE; REQUEST and CANCEL carry exactly the entry's attendee.
 */
export function buildCalendar(entries: CalendarEntry[], options: CalendarOptions): string {
  const blocks = new Map<string, string>();
  const calendar: ICalCalendar = ical({
    prodId: { company: 'Townhall', product: 'Townhall', language: 'EN' },
    method: ICalCalendarMethod[options.method],
    // ical-generator writes the calendar name unescaped.
    name: options.name === undefined ? null : escape(options.name, false),
    // No calendar-level zone name: with one, ical-generator would write DTSTAMP without Z.
    timezone: { name: null, generator: (tzid) => blocks.get(tzid) ?? null },
    ttl: options.refreshSeconds ?? null,
  });
  for (const { event, organization, uid, sequence, attendee, summary, note, tentative, cancelled: placeCancelled } of entries) {
    const zone = vtimezone(event.timezone);
    if (zone) blocks.set(zone.tzid, zone.block);
    const at = (instant: Date) => DateTime.fromJSDate(instant, { zone: zone?.tzid ?? 'UTC' });
    // A draft claims no address: its id reaches it.
    const pageUrl = `${options.appUrl}/events/${event.slug ?? event.id}`;
    const cancelled = options.method === 'CANCEL' || event.status === 'cancelled' || placeCancelled === true;
    calendar.createEvent({
      id: uid,
      sequence,
      stamp: options.stamp,
      start: at(event.startsAt),
      end: at(event.endsAt),
      timezone: zone?.tzid ?? null,
      summary: summary ?? event.title,
      description: description(event, pageUrl, note),
      location: location(event),
      url: pageUrl,
      status: cancelled ? ICalEventStatus.CANCELLED : tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      created: event.createdAt,
      lastModified: event.updatedAt,
      organizer: { name: organization.name, email: organization.contactEmail ?? options.fallbackOrganizerEmail },
      attendees:
        options.method !== 'PUBLISH' && attendee
          ? [{ ...attendee, status: ICalAttendeeStatus.ACCEPTED, role: ICalAttendeeRole.REQ, rsvp: false }]
          : [],
    });
  }
  return calendar.toString();
}

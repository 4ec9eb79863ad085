import { DateTime } from 'luxon';
import type { EventView } from '../../events/dto/event.views.js';
import { formInteger } from '../kit/form-errors.js';

/** What `<input type="datetime-local">` shows and sends: a wall-clock time without zone. */
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

/** The forum editor's controls: the API's field names, nested ones by their path. */
export type EventFormValues = Record<string, unknown>;

/** An empty optional text means "none", as the API's null. */
const orNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
const checked = (value: unknown) => value === 'true';
/** An empty optional text means "leave as it is": omitted, as an API client would. */
const orOmitted = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * The posted editor form as the API's event fields. Start and end are the local times typed
 * (`2027-01-14T18:30`), which the API reads in the forum's zone, as it does for any client.
 */
export function eventFieldsOf(body: EventFormValues): Record<string, unknown> {
  const venueFields = ['name', 'address', 'room', 'accessibilityNotes'].map((key) => [key, orNull(body[`venue.${key}`])] as const);
  const hasVenue = venueFields.some(([, value]) => value !== null && value !== undefined);
  const languages = body.languages === undefined ? [] : [body.languages].flat();
  const spanish = ['title', 'summary', 'description'].map((key) => [key, orNull(body[`es.${key}`])] as const);
  const hasSpanish = spanish.some(([, value]) => value !== null && value !== undefined);
  return {
    title: body.title,
    slug: orOmitted(body.slug),
    summary: orNull(body.summary),
    description: orNull(body.description),
    es: hasSpanish ? Object.fromEntries(spanish) : null,
    startsAt: body.startsAt,
    endsAt: body.endsAt,
    timezone: body.timezone,
    venue: hasVenue ? Object.fromEntries(venueFields.map(([key, value]) => [key, key === 'name' ? (value ?? '') : value])) : null,
    onlineUrl: orNull(body.onlineUrl),
    capacity: orNull(body.capacity) === null ? null : formInteger(body.capacity),
    waitlistEnabled: checked(body.waitlistEnabled),
    maxPartySize: formInteger(body.maxPartySize),
    rsvpContact: body.rsvpContact,
    noEmailSeatCap: orNull(body.noEmailSeatCap) === null ? null : formInteger(body.noEmailSeatCap),
    languages,
    interpretation: orNull(body.interpretation),
    questions: {
      enabled: checked(body['questions.enabled']),
      moderation: body['questions.moderation'],
      allowAnonymous: checked(body['questions.allowAnonymous']),
    },
  };
}

/** An event as the editor shows it: times as wall-clock times in its zone. */
export function eventFormValues(event: EventView): EventFormValues {
  const local = (instant: string) => DateTime.fromISO(instant, { zone: event.timezone }).toFormat(LOCAL_FORMAT);
  return {
    title: event.title,
    slug: event.slug ?? event.requestedSlug,
    summary: event.summary,
    description: event.description,
    'es.title': event.es?.title,
    'es.summary': event.es?.summary,
    'es.description': event.es?.description,
    startsAt: local(event.startsAt),
    endsAt: local(event.endsAt),
    timezone: event.timezone,
    'venue.name': event.venue?.name,
    'venue.address': event.venue?.address,
    'venue.room': event.venue?.room,
    'venue.accessibilityNotes': event.venue?.accessibilityNotes,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    waitlistEnabled: String(event.waitlistEnabled),
    maxPartySize: event.maxPartySize,
    rsvpContact: event.rsvpContact,
    noEmailSeatCap: event.noEmailSeatCap,
    languages: event.languages,
    interpretation: event.interpretation,
    'questions.enabled': String(event.questions.enabled),
    'questions.moderation': event.questions.moderation,
    'questions.allowAnonymous': String(event.questions.allowAnonymous),
  };
}

/** A new forum's form: next month's second Thursday at 18:30 for two hours, in the organization's zone. */
export function newEventFormValues(timeZone: string, now = DateTime.now()): EventFormValues {
  let day = now.setZone(timeZone).plus({ months: 1 }).startOf('month');
  while (day.weekday !== 4) day = day.plus({ days: 1 });
  const start = day.plus({ weeks: 1 }).set({ hour: 18, minute: 30 });
  return {
    startsAt: start.toFormat(LOCAL_FORMAT),
    endsAt: start.plus({ hours: 2 }).toFormat(LOCAL_FORMAT),
    timezone: timeZone,
    waitlistEnabled: 'true',
    maxPartySize: 4,
    rsvpContact: 'email-required',
    languages: ['en'],
    'questions.enabled': 'true',
    'questions.moderation': 'pre',
    'questions.allowAnonymous': 'true',
  };
}

/** Zones for the picker: the ones most organizers need first, then every IANA zone by region. */
const COMMON_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
];
let zoneGroups: { region: string; zones: string[] }[] | undefined;

/** The picker's groups; a zone this ICU lists under another name (Europe/Kyiv) is offered as it is stored, never silently replaced. */
export function timeZoneGroups(current?: unknown): { region: string; zones: string[] }[] {
  const groups = allZoneGroups();
  if (typeof current !== 'string' || !current || groups.some(({ zones }) => zones.includes(current))) return groups;
  return [{ region: 'common', zones: [current, ...COMMON_ZONES] }, ...groups.slice(1)];
}

function allZoneGroups(): { region: string; zones: string[] }[] {
  if (!zoneGroups) {
    const byRegion = new Map<string, string[]>();
    for (const zone of Intl.supportedValuesOf('timeZone').filter((name) => !COMMON_ZONES.includes(name))) {
      const region = zone.includes('/') ? zone.split('/')[0]! : 'Other';
      byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
    }
    zoneGroups = [{ region: 'common', zones: COMMON_ZONES }, ...[...byRegion].map(([region, zones]) => ({ region, zones }))];
  }
  return zoneGroups;
}

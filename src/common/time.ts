import { DateTime } from 'luxon';
import { tzlib_get_timezones } from 'timezones-ical-library';

/** An ISO 8601 date and time with a UTC offset (or Z); a floating local time is not an instant. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The instant an ISO text names, to the second; undefined when it is not one or has no offset. */
export function parseInstant(text: string): Date | undefined {
  if (!INSTANT_PATTERN.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.startOf('second').toJSDate() : undefined;
}

/** `2025-09-11T18:30:00-04:00`: the instant as a wall-clock time in the zone, with that zone's offset. */
export function formatInstant(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** The calendar date (`2026-12-03`) of the instant in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

let knownZones: Set<string> | undefined;

/**
 * IANA names only: what this Node's ICU lists, plus the area/location names of the tz database
 * it canonicalizes away (Asia/Kolkata, Europe/Kyiv), never abbreviations or raw offsets.
 */
export function isIanaTimeZone(name: string): boolean {
  knownZones ??= new Set([
    'UTC',
    ...Intl.supportedValuesOf('timeZone'),
    ...(tzlib_get_timezones(false) as string[]).filter((zone) => zone.includes('/')),
  ]);
  return knownZones.has(name) && DateTime.local().setZone(name).isValid;
}

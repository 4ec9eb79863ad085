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

const EVENT_TIME: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};
const eventTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per language and zone: building one costs far more than formatting with it. */
function eventTimeFormat(language: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${language} ${timeZone}`;
  let format = eventTimeFormats.get(key);
  if (!format) eventTimeFormats.set(key, (format = new Intl.DateTimeFormat(language, { ...EVENT_TIME, timeZone })));
  return format;
}

/** A Date, or the instant an ISO text (as the views carry it) names; `helper` names the template helper that was given something else. */
export function toInstant(value: Date | string, helper: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`The ${helper} helper needs a date, not ${JSON.stringify(value)}.`);
  return date;
}

/** In the event's own zone and the reader's language: "Thursday, September 11, 2025 at 6:30 PM EDT". */
export function formatEventTime(instant: Date, timeZone: string, language: string): string {
  return eventTimeFormat(language, timeZone).format(instant);
}

/** Start to end, the date said once when both fall on it: "Thursday, December 3, 2026, 6:30 – 8:30 PM EST". */
export function formatEventTimeRange(start: Date, end: Date, timeZone: string, language: string): string {
  return eventTimeFormat(language, timeZone).formatRange(start, end);
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

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The time of day in the event's zone and the reader's language: "7:02 PM", "19:02". */
export function formatClockTime(instant: Date, timeZone: string, language: string): string {
  const key = `${language} ${timeZone}`;
  let format = clockFormats.get(key);
  if (!format) clockFormats.set(key, (format = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone })));
  return format.format(instant);
}

import { DateTime, FixedOffsetZone } from 'luxon';
import { tzlib_get_timezones } from 'timezones-ical-library';

/**
 * The years an event may fall in. Year 0 or 10000 cannot be written as calendars and feeds
 * write dates (`DTSTART:00001231…`), and no forum is held before 1900.
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 9999;
/** No zone's clocks are more than 14 hours from UTC (Kiribati, +14:00). */
const MAX_OFFSET_MINUTES = 14 * 60;

/** An ISO 8601 date and time, to the minute at least, with an offset, Z, or neither (a local time). */
const DATE_TIME_PATTERN = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?$/i;

interface DateTimeText {
  /** The wall-clock part, without the offset. */
  local: string;
  /** Minutes east of UTC as written; undefined for a local time; Z and ±00:00 are UTC. */
  offsetMinutes?: number;
}

/** The parts of a date and time text, or undefined when it is not one within the years and offsets that exist. */
function readDateTime(text: string): DateTimeText | undefined {
  const match = DATE_TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, zone, hours, minutes] = match;
  if (Number(year) < EARLIEST_YEAR || Number(year) > LATEST_YEAR) return undefined;
  const local = zone ? text.slice(0, -zone.length) : text;
  if (!DateTime.fromISO(local, { zone: 'utc' }).isValid) return undefined;
  if (!zone) return { local };
  if (zone.toUpperCase() === 'Z') return { local, offsetMinutes: 0 };
  const offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  if (Number(minutes) >= 60 || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return undefined;
  return { local, offsetMinutes };
}

/** Whether the text is a date and time the API takes (the zone it is read in is checked by resolveInstant). */
export function isDateTimeText(text: string): boolean {
  return readDateTime(text) !== undefined;
}

const WALL_CLOCK = "yyyy-MM-dd'T'HH:mm:ss.SSS";

/**
 * The earliest instant at which the zone's clocks show the local time: of an hour they repeat,
 * the first; of one they skip, none. Offset changes are days apart, so the offsets of the day
 * before and after are the only candidates.
 */
function firstOccurrence(local: string, timeZone: string): DateTime | undefined {
  const wall = DateTime.fromISO(local, { zone: 'utc' }).toFormat(WALL_CLOCK);
  const around = DateTime.fromISO(local, { zone: timeZone });
  return [around.minus({ days: 1 }).offset, around.offset, around.plus({ days: 1 }).offset]
    .map((offset) => DateTime.fromISO(local, { zone: FixedOffsetZone.instance(offset) }))
    .filter((candidate) => candidate.setZone(timeZone).toFormat(WALL_CLOCK) === wall)
    .sort((a, b) => a.toMillis() - b.toMillis())[0];
}

/** A refused text: the sentence, and its code (ERROR_CODES) for a client or a page to branch on. */
export type TimeProblem = { problem: string; code: 'invalid-date-time' | 'time-skipped' | 'offset-not-of-zone' };
export type ResolvedInstant = { instant: Date; problem?: undefined; code?: undefined } | ({ instant?: undefined } & TimeProblem);

const offsetText = (minutes: number) => DateTime.utc().setZone(FixedOffsetZone.instance(minutes)).toFormat('ZZ');

/**
 * The instant, to the second, that a date and time names in an event's zone:
 * - a local time (`2027-01-14T18:30`) is read in the zone; one the clocks skip is refused;
 * - Z (or ±00:00) names the instant in UTC, whatever the zone;
 * - any other offset must be the zone's own at that instant: `18:30-04:00` for New York in
 *   January is refused, naming -05:00, rather than stored as 17:30 local.
 */
export function resolveInstant(text: string, timeZone: string): ResolvedInstant {
  const parts = readDateTime(text);
  if (!parts) return notADateTime(text);
  const inZone = DateTime.fromISO(parts.local, { zone: timeZone });
  let resolved: DateTime;
  if (parts.offsetMinutes === undefined) {
    const first = firstOccurrence(parts.local, timeZone);
    if (!first) return { problem: `${text} is not a time in ${timeZone}: the clocks skip it that day.`, code: 'time-skipped' };
    resolved = first;
  } else {
    resolved = DateTime.fromISO(parts.local, { zone: FixedOffsetZone.instance(parts.offsetMinutes) });
    const zoneOffset = resolved.setZone(timeZone).offset;
    if (parts.offsetMinutes !== 0 && parts.offsetMinutes !== zoneOffset) {
      return {
        problem: `${text} is not a time in ${timeZone}, whose offset that day is ${offsetText(inZone.offset)}.`,
        code: 'offset-not-of-zone',
      };
    }
  }
  // Read in UTC or in the zone (Z texts near the ends), the year stays one calendars can write.
  const years = [resolved.toUTC().year, resolved.setZone(timeZone).year];
  if (years.some((year) => year < EARLIEST_YEAR || year > LATEST_YEAR)) return notADateTime(text);
  return { instant: resolved.startOf('second').toJSDate() };
}

function notADateTime(text: string): TimeProblem {
  return { problem: `${text} is not a date and time from ${EARLIEST_YEAR} to ${LATEST_YEAR}.`, code: 'invalid-date-time' };
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
};

/**
 * How the zone is named: English readers know "EST"; Spanish has no such abbreviations and
 * ICU writes "GMT-5", so Spanish names it in words ("hora estándar oriental").
 */
const ZONE_NAME: Record<string, Intl.DateTimeFormatOptions['timeZoneName']> = { es: 'long' };
const eventTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per language, zone and choice of zone name: building one costs far more than formatting with it. */
function eventTimeFormat(language: string, timeZone: string, zoneName: boolean = true): Intl.DateTimeFormat {
  const key = `${language} ${timeZone} ${zoneName}`;
  let format = eventTimeFormats.get(key);
  if (!format) {
    const options = { ...EVENT_TIME, timeZone, ...(zoneName ? { timeZoneName: ZONE_NAME[language] ?? 'short' } : {}) };
    eventTimeFormats.set(key, (format = new Intl.DateTimeFormat(language, options)));
  }
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

/**
 * Start to end, the date said once when both fall on it: "Thursday, December 3, 2026, 6:30 – 8:30 PM EST".
 * ICU's ranges fall back to "GMT-5" for a zone named in words, so that name is added after the
 * range when both ends share it ("18:30–20:30 hora estándar oriental").
 */
export function formatEventTimeRange(start: Date, end: Date, timeZone: string, language: string): string {
  if (ZONE_NAME[language] === undefined) return eventTimeFormat(language, timeZone).formatRange(start, end);
  const zoneOf = (instant: Date) =>
    eventTimeFormat(language, timeZone)
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
  const zone = zoneOf(start);
  if (zone === undefined || zone !== zoneOf(end)) return eventTimeFormat(language, timeZone).formatRange(start, end);
  return `${eventTimeFormat(language, timeZone, false).formatRange(start, end)} ${zone}`;
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

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A day in the event's zone and the reader's language, short enough for a chart's axis: "Tue, Jan 12". */
export function formatShortDay(instant: Date, timeZone: string, language: string): string {
  const key = `${language} ${timeZone}`;
  let format = dayFormats.get(key);
  if (!format)
    dayFormats.set(key, (format = new Intl.DateTimeFormat(language, { weekday: 'short', month: 'short', day: 'numeric', timeZone })));
  return format.format(instant);
}

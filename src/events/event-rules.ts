import { InvalidInputError } from '../common/domain-errors.js';
import { localDate, resolveInstant } from '../common/time.js';
import { EndsBeforeStartError } from './event-errors.js';
import { slugify } from '../common/slugs.js';
import type { UpdateEventDto } from './dto/event.dto.js';
import type { EventRescheduling } from './event-changes.js';
import type { Event } from './event.entity.js';

export type RescheduledField = EventRescheduling['changed'][number];

/** `community-forum-2026-12-03`: the title and the date in the event's zone, readable aloud and printable. */
export function autoSlug(event: Pick<Event, 'title' | 'startsAt' | 'timezone'>): string {
  return `${slugify(event.title, 60)}-${localDate(event.startsAt, event.timezone)}`;
}

/** The automatic addresses of `base`: `base` itself, then `base-2`, `base-3`… from the given number on. */
export function* slugCandidates(base: string, from = 1): Generator<string> {
  for (let n = Math.max(from, 1); ; n++) yield n === 1 ? base : `${base}-${n}`;
}

/** Whether a slug is one of the automatic addresses of `base`. */
export function isAutoSlugOf(slug: string, base: string): boolean {
  return slug === base || (slug.startsWith(`${base}-`) && /^\d+$/.test(slug.slice(base.length + 1)));
}

/** A new event's values before the organizer's fields are applied. */
export function eventDefaults(organizationId: string): Partial<Event> {
  return {
    organizationId,
    summary: null,
    description: null,
    titleEs: null,
    summaryEs: null,
    descriptionEs: null,
    venueName: null,
    venueAddress: null,
    venueRoom: null,
    venueAccessibilityNotes: null,
    onlineUrl: null,
    capacity: null,
    seatsTaken: 0,
    waitlisted: 0,
    noEmailSeats: 0,
    waitlistEnabled: true,
    maxPartySize: 4,
    rsvpContact: 'email-required',
    noEmailSeatCap: null,
    languages: ['en'],
    interpretation: null,
    questionsEnabled: true,
    questionsModeration: 'pre',
    questionsAllowAnonymous: true,
    slugChosen: false,
    status: 'draft',
    sequence: 0,
    cancellationReason: null,
    publishedAt: null,
    cancelledAt: null,
  };
}

/**
 * Applies the given fields (validated DTO values) to the event and returns which of the facts
 * that a calendar invite carries (time, zone, place, online URL) actually changed.
 */
export function applyEventFields(event: Event, fields: UpdateEventDto): RescheduledField[] {
  const before = { ...event };
  const timeZone = fields.timezone ?? event.timezone;
  const startsAt = fields.startsAt === undefined ? undefined : instantIn('startsAt', fields.startsAt, timeZone);
  const endsAt = fields.endsAt === undefined ? undefined : instantIn('endsAt', fields.endsAt, timeZone);
  if (fields.title !== undefined) event.title = fields.title;
  if (fields.summary !== undefined) event.summary = fields.summary || null;
  if (fields.description !== undefined) event.description = fields.description || null;
  if (fields.es !== undefined) {
    event.titleEs = fields.es?.title || null;
    event.summaryEs = fields.es?.summary || null;
    event.descriptionEs = fields.es?.description || null;
  }
  if (startsAt) event.startsAt = startsAt;
  if (endsAt) event.endsAt = endsAt;
  if (fields.timezone !== undefined) event.timezone = fields.timezone;
  if (fields.venue !== undefined) {
    event.venueName = fields.venue?.name ?? null;
    event.venueAddress = fields.venue?.address || null;
    event.venueRoom = fields.venue?.room || null;
    event.venueAccessibilityNotes = fields.venue?.accessibilityNotes || null;
  }
  if (fields.onlineUrl !== undefined) event.onlineUrl = fields.onlineUrl;
  if (fields.capacity !== undefined) event.capacity = fields.capacity;
  if (fields.waitlistEnabled !== undefined) event.waitlistEnabled = fields.waitlistEnabled;
  if (fields.maxPartySize !== undefined) event.maxPartySize = fields.maxPartySize;
  if (fields.rsvpContact !== undefined) event.rsvpContact = fields.rsvpContact;
  if (fields.noEmailSeatCap !== undefined) event.noEmailSeatCap = fields.noEmailSeatCap;
  if (fields.languages !== undefined) event.languages = fields.languages;
  if (fields.interpretation !== undefined) event.interpretation = fields.interpretation || null;
  if (fields.questions?.enabled !== undefined) event.questionsEnabled = fields.questions.enabled;
  if (fields.questions?.moderation !== undefined) event.questionsModeration = fields.questions.moderation;
  if (fields.questions?.allowAnonymous !== undefined) event.questionsAllowAnonymous = fields.questions.allowAnonymous;
  if (event.endsAt.getTime() <= event.startsAt.getTime()) throw new EndsBeforeStartError();
  const changed: RescheduledField[] = [];
  if (before.startsAt?.getTime() !== event.startsAt.getTime()) changed.push('startsAt');
  if (before.endsAt?.getTime() !== event.endsAt.getTime()) changed.push('endsAt');
  if (before.timezone !== event.timezone) changed.push('timezone');
  if (['venueName', 'venueAddress', 'venueRoom'].some((key) => before[key as keyof Event] !== event[key as keyof Event])) {
    changed.push('venue');
  }
  if (before.onlineUrl !== event.onlineUrl) changed.push('onlineUrl');
  return changed;
}

/**
 * What a change of an invite's time says to its holder: a new time, or (`zoneOnly`) the same
 * instant now given in another time zone, which still updates calendars but moves nobody.
 */
export function timeChangeOf(changed: readonly RescheduledField[]): { timeChanged: boolean; zoneOnly: boolean } {
  const timeChanged = changed.includes('startsAt') || changed.includes('endsAt');
  return { timeChanged, zoneOnly: !timeChanged && changed.includes('timezone') };
}

/** A startsAt or endsAt as the instant it names in the event's zone; a text the zone contradicts is a 400 saying why. */
function instantIn(field: 'startsAt' | 'endsAt', text: string, timeZone: string): Date {
  const { instant, problem, code } = resolveInstant(text, timeZone);
  if (problem !== undefined) {
    throw new InvalidInputError(problem, [{ field, message: problem.slice(text.length + 1).replace(/\.$/, '') }], code);
  }
  return instant;
}

/** An event's times as the entity (Date) or a view (ISO text) holds them. */
type EventTimes = { startsAt: Date | string; endsAt: Date | string };

/** Where an event stands in time at `now`, whatever its status. */
export type EventPhase = 'upcoming' | 'in-progress' | 'over';

export function eventPhase(event: EventTimes, now: Date): EventPhase {
  if (isOver(event, now)) return 'over';
  return new Date(event.startsAt).getTime() <= now.getTime() ? 'in-progress' : 'upcoming';
}

/** The one edge every rule uses: an event is over from its end on (needs no start, as a vote's row has none). */
export function isOver(event: Pick<EventTimes, 'endsAt'>, now: Date): boolean {
  return new Date(event.endsAt).getTime() <= now.getTime();
}

/** Published and not over: takes RSVPs and their changes, questions, votes and panelists' answers. */
export function isOpen(event: Pick<Event, 'status'> & EventTimes, now: Date): boolean {
  return event.status === 'published' && !isOver(event, now);
}

/** The door opens this long before the start and closes this long after the end: check-in belongs to the day. */
export const DOOR_MARGIN_MS = 12 * 3600 * 1000;

/** From 12 hours before the start to 12 hours after the end: when parties check in and the door list may be read. */
export function doorWindow(event: EventTimes): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(new Date(event.startsAt).getTime() - DOOR_MARGIN_MS),
    closesAt: new Date(new Date(event.endsAt).getTime() + DOOR_MARGIN_MS),
  };
}

export function isDoorOpen(event: EventTimes, now: Date): boolean {
  const { opensAt, closesAt } = doorWindow(event);
  return opensAt.getTime() <= now.getTime() && now.getTime() < closesAt.getTime();
}

const DAY_MS = 24 * 3600 * 1000;

/** Where an event is reached: its slug, or, for a draft (which claims none), its id. */
export function addressOf(event: { id: string; slug: string | null }): string {
  return event.slug ?? event.id;
}

/**
 * Whether an owner may erase the event's personal data now: once it is over, or cancelled.
 * Before that people still hold seats by the codes and links erasure would take from them.
 */
export function erasableNow(event: Pick<Event, 'status'> & Pick<EventTimes, 'endsAt'>, now: Date): boolean {
  return event.status === 'cancelled' || isOver(event, now);
}

/**
 * When an event's personal data was or will be erased: RETENTION_DAYS after its end, once it is
 * over or cancelled (before that, nothing to say).
 */
export function erasureOf(
  event: Pick<Event, 'status'> & { endsAt: string; personalDataErasedAt: string | null },
  retentionDays: number,
  now: Date,
): { erasedAt: string | null; dueAt: string | null } | undefined {
  if (event.personalDataErasedAt) return { erasedAt: event.personalDataErasedAt, dueAt: null };
  if (!erasableNow(event, now)) return undefined;
  return { erasedAt: null, dueAt: new Date(Date.parse(event.endsAt) + retentionDays * DAY_MS).toISOString() };
}

/**
 * Whether a party would take seats now, as the event's row says: strict FIFO, so only when nobody
 * is waiting (whatever seats a larger waiting party cannot use) and it fits. The booking statement
 * (src/rsvps/sql/book-rsvp.sql) decides the same under the event's lock; this only predicts and shows.
 */
export function fitsNow(event: Pick<Event, 'capacity' | 'seatsTaken' | 'waitlisted'>, partySize: number): boolean {
  return event.waitlisted === 0 && (event.capacity === null || event.seatsTaken + partySize <= event.capacity);
}

/**
 * What the public may know of an event's seats: a band, never a count. A booking (or an RSVP
 * for an address already booked, which books nothing) moves the band only when it crosses one
 * of these edges, so watching it around one RSVP says nothing about that address unless the
 * seats left sit right at an edge (docs/rsvps.md, "Public seat counts").
 */
export const SEAT_AVAILABILITIES = ['unlimited', 'plenty', 'limited', 'few', 'waitlist', 'full'] as const;
export type SeatAvailability = (typeof SEAT_AVAILABILITIES)[number];
/** `limited` below this many seats left, `few` at or below `FEW_SEATS`. */
export const LIMITED_SEATS = 20;
export const FEW_SEATS = 5;

export function seatAvailability(event: Pick<Event, 'capacity' | 'seatsTaken' | 'waitlisted' | 'waitlistEnabled'>): SeatAvailability {
  if (event.capacity === null) return 'unlimited';
  if (!fitsNow(event, 1)) return event.waitlistEnabled ? 'waitlist' : 'full';
  const left = event.capacity - event.seatsTaken;
  if (left <= FEW_SEATS) return 'few';
  if (left < LIMITED_SEATS) return 'limited';
  return 'plenty';
}

import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '../common/domain-errors.js';
import {
  applyEventFields,
  autoSlug,
  doorWindow,
  erasureOf,
  eventDefaults,
  eventPhase,
  isAutoSlugOf,
  isDoorOpen,
  isOpen,
  seatAvailability,
  slugCandidates,
} from './event-rules.js';
import type { Event } from './event.entity.js';

function storedEvent(): Event {
  return {
    ...eventDefaults('org'),
    title: 'Forum',
    startsAt: new Date('2026-12-03T23:30:00Z'),
    endsAt: new Date('2026-12-04T01:30:00Z'),
    timezone: 'America/New_York',
    venueName: 'Hall',
  } as Event;
}

describe('automatic slugs', () => {
  it('join the title and the local date, nothing random', () => {
    const event = { title: 'Community Forum!', startsAt: new Date('2026-12-04T01:30:00Z'), timezone: 'America/New_York' };
    expect(autoSlug(event)).toBe('community-forum-2026-12-03');
  });

  it('are numbered when the plain one is taken, and recognised as automatic', () => {
    const [first, second, third] = slugCandidates('forum-2026-12-03');
    expect([first, second, third]).toEqual(['forum-2026-12-03', 'forum-2026-12-03-2', 'forum-2026-12-03-3']);
    expect(slugCandidates('forum-2026-12-03', 7).next().value).toBe('forum-2026-12-03-7');
    expect(isAutoSlugOf('forum-2026-12-03-12', 'forum-2026-12-03')).toBe(true);
    expect(isAutoSlugOf('forum-2026-12-03-extra', 'forum-2026-12-03')).toBe(false);
    expect(isAutoSlugOf('my-forum', 'forum-2026-12-03')).toBe(false);
  });
});

describe('applyEventFields', () => {
  it('reports only the invite-relevant facts that really changed', () => {
    const event = storedEvent();
    expect(applyEventFields(event, { title: 'New', capacity: 10, startsAt: '2026-12-03T18:30:00-05:00' })).toEqual([]);
    expect(applyEventFields(event, { venue: { name: 'Hall', accessibilityNotes: 'Ramp' } })).toEqual([]);
    expect(applyEventFields(event, { venue: { name: 'Hall', room: '2' }, onlineUrl: 'https://x.example' })).toEqual(['venue', 'onlineUrl']);
    expect(applyEventFields(event, { endsAt: '2026-12-03T20:00:00-06:00', timezone: 'America/Chicago' })).toEqual(['endsAt', 'timezone']);
  });

  it('refuses an end at or before the start, given in either field', () => {
    expect(() => applyEventFields(storedEvent(), { endsAt: '2026-12-03T18:30:00-05:00' })).toThrow(InvalidInputError);
    expect(() => applyEventFields(storedEvent(), { startsAt: '2026-12-05T18:30:00-05:00' })).toThrow(InvalidInputError);
  });
});

describe('seatAvailability', () => {
  const seats = (capacity: number | null, seatsTaken: number, waitlisted = 0, waitlistEnabled = true) =>
    seatAvailability({ capacity, seatsTaken, waitlisted, waitlistEnabled });

  it('gives bands whose edges are 20 and 5 seats left, never a count', () => {
    expect(seats(null, 500)).toBe('unlimited');
    expect([150, 131, 130, 129].map((taken) => seats(150, taken))).toEqual(['waitlist', 'limited', 'plenty', 'plenty']);
    expect([146, 145, 144].map((taken) => seats(150, taken))).toEqual(['few', 'few', 'limited']);
    expect(seats(10, 0)).toBe('limited');
  });

  it('says waitlist (or full without one) as soon as anyone waits, even with seats a waiting party cannot use', () => {
    expect(seats(150, 147, 1)).toBe('waitlist');
    expect(seats(150, 150, 0, false)).toBe('full');
    expect(seats(150, 147, 1, false)).toBe('full');
  });
});

describe('where an event stands in time', () => {
  const at = (iso: string) => new Date(iso);
  const event = { status: 'published' as const, startsAt: '2026-12-03T23:30:00.000Z', endsAt: new Date('2026-12-04T01:30:00Z') };

  it('is upcoming before its start, in progress from its start, and over from its end on', () => {
    expect(eventPhase(event, at('2026-12-03T23:29:59.999Z'))).toBe('upcoming');
    expect(eventPhase(event, at('2026-12-03T23:30:00Z'))).toBe('in-progress');
    expect(eventPhase(event, at('2026-12-04T01:29:59.999Z'))).toBe('in-progress');
    expect(eventPhase(event, at('2026-12-04T01:30:00Z'))).toBe('over');
  });

  it('opens the door 12 hours before the start and closes it 12 hours after the end', () => {
    expect(doorWindow(event)).toEqual({ opensAt: at('2026-12-03T11:30:00Z'), closesAt: at('2026-12-04T13:30:00Z') });
    expect(isDoorOpen(event, at('2026-12-03T11:29:59.999Z'))).toBe(false);
    expect(isDoorOpen(event, at('2026-12-03T11:30:00Z'))).toBe(true);
    expect(isDoorOpen(event, at('2026-12-04T13:29:59.999Z'))).toBe(true);
    expect(isDoorOpen(event, at('2026-12-04T13:30:00Z'))).toBe(false);
  });

  it('is open while published and not over, whatever has started', () => {
    expect(isOpen(event, at('2026-12-04T00:00:00Z'))).toBe(true);
    expect(isOpen(event, at('2026-12-04T01:30:00Z'))).toBe(false);
    expect(isOpen({ ...event, status: 'cancelled' }, at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(isOpen({ ...event, status: 'draft' }, at('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('says when personal data goes: RETENTION_DAYS after the end, once over or cancelled', () => {
    const view = { status: 'published' as const, endsAt: '2026-12-04T01:30:00.000Z', personalDataErasedAt: null };
    expect(erasureOf(view, 30, at('2026-12-04T01:00:00Z'))).toBeUndefined();
    expect(erasureOf(view, 30, at('2026-12-04T01:30:00Z'))).toEqual({ erasedAt: null, dueAt: '2027-01-03T01:30:00.000Z' });
    expect(erasureOf({ ...view, status: 'cancelled' }, 30, at('2026-12-01T00:00:00Z'))).toEqual({
      erasedAt: null,
      dueAt: '2027-01-03T01:30:00.000Z',
    });
    expect(erasureOf({ ...view, personalDataErasedAt: '2026-12-05T00:00:00.000Z' }, 30, at('2026-12-04T01:00:00Z'))).toEqual({
      erasedAt: '2026-12-05T00:00:00.000Z',
      dueAt: null,
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '../common/domain-errors.js';
import { applyEventFields, eventDefaults, eventSlug } from './event-rules.js';
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

describe('eventSlug', () => {
  it('joins the title, a random suffix and the local date', () => {
    expect(eventSlug('Community Forum!', new Date('2026-12-04T01:30:00Z'), 'America/New_York')).toMatch(
      /^community-forum-[2-9a-hjkmnp-z]{4}-2026-12-03$/,
    );
  });
});

describe('applyEventFields', () => {
  it('reports only the invite-relevant facts that really changed', () => {
    const event = storedEvent();
    expect(applyEventFields(event, { title: 'New', capacity: 10, startsAt: '2026-12-03T18:30:00-05:00' })).toEqual([]);
    expect(applyEventFields(event, { venue: { name: 'Hall', accessibilityNotes: 'Ramp' } })).toEqual([]);
    expect(applyEventFields(event, { venue: { name: 'Hall', room: '2' }, onlineUrl: 'https://x.example' })).toEqual([
      'venue',
      'onlineUrl',
    ]);
    expect(applyEventFields(event, { endsAt: '2026-12-03T20:00:00-06:00', timezone: 'America/Chicago' })).toEqual([
      'endsAt',
      'timezone',
    ]);
  });

  it('refuses an end at or before the start, given in either field', () => {
    expect(() => applyEventFields(storedEvent(), { endsAt: '2026-12-03T18:30:00-05:00' })).toThrow(InvalidInputError);
    expect(() => applyEventFields(storedEvent(), { startsAt: '2026-12-05T18:30:00-05:00' })).toThrow(InvalidInputError);
  });
});

import { describe, expect, it } from '@jest/globals';
import { formatInstant, isIanaTimeZone, localDate, parseInstant } from './time.js';

describe('parseInstant', () => {
  it('accepts an instant with Z or an offset, to the second', () => {
    expect(parseInstant('2025-09-11T18:30:00-04:00')?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
    expect(parseInstant('2025-09-11T22:30:00.987Z')?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
    expect(parseInstant('2025-09-11T18:30-0400')?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
  });

  it('refuses floating local times, dates alone and impossible dates', () => {
    for (const text of ['2025-09-11T18:30:00', '2025-09-11', '2026-02-30T10:00:00Z', '2025-09-11T25:00:00Z', 'tomorrow', '']) {
      expect(parseInstant(text)).toBeUndefined();
    }
  });
});

describe('formatInstant', () => {
  it('writes the wall-clock time with the zone\'s offset on that date, across DST', () => {
    expect(formatInstant(new Date('2025-09-11T22:30:00Z'), 'America/New_York')).toBe('2025-09-11T18:30:00-04:00');
    expect(formatInstant(new Date('2026-11-01T23:30:00Z'), 'America/New_York')).toBe('2026-11-01T18:30:00-05:00');
    expect(formatInstant(new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(formatInstant(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-05:00');
    expect(formatInstant(new Date('2026-03-01T12:00:00Z'), 'UTC')).toBe('2026-03-01T12:00:00+00:00');
    expect(formatInstant(new Date('2026-03-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-03-01T17:30:00+05:30');
  });
});

describe('localDate', () => {
  it('is the date in the event\'s zone, not in UTC', () => {
    expect(localDate(new Date('2026-12-04T01:30:00Z'), 'America/New_York')).toBe('2026-12-03');
  });
});

describe('isIanaTimeZone', () => {
  it('knows IANA names, including tz database names ICU aliases away', () => {
    for (const zone of ['America/New_York', 'UTC', 'Europe/Kyiv', 'Asia/Kolkata', 'Asia/Calcutta']) {
      expect(isIanaTimeZone(zone)).toBe(true);
    }
  });

  it('refuses abbreviations, offsets, wrong case and inventions', () => {
    for (const zone of ['EST', 'ET', '+05:00', 'GMT+5', 'america/new_york', 'Mars/Olympus_Mons', '']) {
      expect(isIanaTimeZone(zone)).toBe(false);
    }
  });
});

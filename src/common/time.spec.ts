import { describe, expect, it } from '@jest/globals';
import { formatEventTime, formatEventTimeRange, formatInstant, isDateTimeText, isIanaTimeZone, localDate, resolveInstant } from './time.js';

describe('resolveInstant', () => {
  const inNewYork = (text: string) => resolveInstant(text, 'America/New_York');

  it("takes the zone's own offset, Z or ±00:00 (UTC), to the second", () => {
    expect(inNewYork('2025-09-11T18:30:00-04:00').instant?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
    expect(inNewYork('2025-09-11T22:30:00.987Z').instant?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
    expect(inNewYork('2025-09-11T22:30:00+00:00').instant?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
    expect(inNewYork('2025-09-11T18:30-0400').instant?.toISOString()).toBe('2025-09-11T22:30:00.000Z');
    expect(resolveInstant('2026-03-01T17:30:00+05:30', 'Asia/Kolkata').instant?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('refuses an offset the zone does not have at that time, naming the one it has', () => {
    expect(inNewYork('2027-01-14T18:30:00-04:00')).toEqual({
      problem: '2027-01-14T18:30:00-04:00 is not a time in America/New_York, whose offset that day is -05:00.',
      code: 'offset-not-of-zone',
    });
    expect(inNewYork('2027-07-14T18:30:00-05:00').problem).toMatch(/whose offset that day is -04:00\.$/);
  });

  it('reads a local time without offset in the zone, across DST', () => {
    expect(inNewYork('2027-01-14T18:30').instant?.toISOString()).toBe('2027-01-14T23:30:00.000Z');
    expect(inNewYork('2027-07-14T18:30:00').instant?.toISOString()).toBe('2027-07-14T22:30:00.000Z');
  });

  it('takes either offset of an hour the clocks repeat, the first for a local time, and refuses one they skip', () => {
    expect(inNewYork('2026-11-01T01:30:00-04:00').instant?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(inNewYork('2026-11-01T01:30:00-05:00').instant?.toISOString()).toBe('2026-11-01T06:30:00.000Z');
    expect(inNewYork('2026-11-01T01:30').instant?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(inNewYork('2027-03-14T02:30').problem).toBe('2027-03-14T02:30 is not a time in America/New_York: the clocks skip it that day.');
    expect(inNewYork('2027-03-14T02:30').code).toBe('time-skipped');
  });

  it('refuses years calendars cannot write and offsets no zone has', () => {
    for (const text of [
      '0000-01-01T00:00:00Z',
      '1899-12-31T12:00:00Z',
      '10000-01-01T00:00:00Z',
      '2026-12-03T18:30:00+25:00',
      '2026-12-03T18:30:00+14:30',
      '2026-12-03T18:30:00-05:99',
    ]) {
      expect({ text, problem: inNewYork(text).problem }).toEqual({
        text,
        problem: expect.stringContaining('is not a date and time from 1900 to 9999'),
      });
    }
    expect(resolveInstant('9999-12-31T23:00:00Z', 'Pacific/Kiritimati').problem).toMatch(/from 1900 to 9999/);
  });
});

describe('isDateTimeText', () => {
  it('takes offsets, Z and local times, and refuses dates alone, impossible dates and words', () => {
    for (const text of ['2025-09-11T18:30:00-04:00', '2025-09-11T18:30:00Z', '2025-09-11T18:30', '2025-09-11T18:30:00.123']) {
      expect({ text, ok: isDateTimeText(text) }).toEqual({ text, ok: true });
    }
    for (const text of [
      '2025-09-11',
      '2026-02-30T10:00:00Z',
      '2025-09-11T25:00:00Z',
      '0000-01-01T00:00:00Z',
      '2025-09-11T18:30+25:00',
      'tomorrow',
      '',
    ]) {
      expect({ text, ok: isDateTimeText(text) }).toEqual({ text, ok: false });
    }
  });
});

describe('formatInstant', () => {
  it("writes the wall-clock time with the zone's offset on that date, across DST", () => {
    expect(formatInstant(new Date('2025-09-11T22:30:00Z'), 'America/New_York')).toBe('2025-09-11T18:30:00-04:00');
    expect(formatInstant(new Date('2026-11-01T23:30:00Z'), 'America/New_York')).toBe('2026-11-01T18:30:00-05:00');
    expect(formatInstant(new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(formatInstant(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-05:00');
    expect(formatInstant(new Date('2026-03-01T12:00:00Z'), 'UTC')).toBe('2026-03-01T12:00:00+00:00');
    expect(formatInstant(new Date('2026-03-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-03-01T17:30:00+05:30');
  });
});

describe('localDate', () => {
  it("is the date in the event's zone, not in UTC", () => {
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

describe('event times in words', () => {
  const start = new Date('2027-01-15T00:30:00Z');
  const end = new Date('2027-01-15T02:30:00Z');

  it('name the zone as readers of each language know it: EST in English, in words in Spanish, never GMT-5', () => {
    expect(formatEventTime(start, 'America/New_York', 'en')).toBe('Thursday, January 14, 2027 at 7:30 PM EST');
    expect(formatEventTime(start, 'America/New_York', 'es')).toBe('jueves, 14 de enero de 2027, 19:30 hora estándar oriental');
    expect(formatEventTimeRange(start, end, 'America/New_York', 'en')).toMatch(/^Thursday, January 14, 2027, 7:30\s–\s9:30\sPM EST$/);
    expect(formatEventTimeRange(start, end, 'America/New_York', 'es')).toBe(
      'jueves, 14 de enero de 2027, 19:30–21:30 hora estándar oriental',
    );
    expect(formatEventTimeRange(start, end, 'America/Chicago', 'es')).not.toMatch(/GMT/);
  });

  it('name both ends when the clocks change between them', () => {
    const beforeChange = new Date('2027-03-13T20:00:00Z');
    const afterChange = new Date('2027-03-14T20:00:00Z');
    expect(formatEventTimeRange(beforeChange, afterChange, 'America/New_York', 'es')).toMatch(
      /^sábado, 13 de marzo de 2027, 15:00 hora estándar oriental\s–\sdomingo, 14 de marzo de 2027, 16:00 hora de verano oriental$/,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCalendar, rawLines } from '../../test/support/ics.js';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { buildCalendar, calendarUid, mailAddress, type CalendarForum, type CalendarOptions } from './calendar.js';
import { CalendarService } from './calendar.service.js';

const OPTIONS: CalendarOptions = {
  method: 'PUBLISH',
  appUrl: 'https://townhall.example.org',
  fallbackOrganizerEmail: 'no-reply@townhall.example.org',
  stamp: new Date('2026-10-01T12:00:00.000Z'),
};
const ORGANIZATION = { name: 'Neighbors, United; Broome', contactEmail: null };

/** 6:30 pm on the day daylight saving time ends in New York: 23:30 UTC, not 22:30. */
function event(overrides: Partial<CalendarForum> = {}): CalendarForum {
  return {
    id: '7d0f5a53-1c1e-4c52-9f0c-2f4f8f0b9c11',
    slug: 'forum-287g-2026-11-01',
    title: 'Forum, Q&A; part 1 🎉',
    summary: 'Know your rights',
    description: 'Line one\nLine two, with a comma; and a semicolon\\ and a backslash 🌎 '.repeat(3),
    startsAt: new Date('2026-11-01T23:30:00Z'),
    endsAt: new Date('2026-11-02T01:30:00Z'),
    timezone: 'America/New_York',
    venueName: 'United Presbyterian Church',
    venueRoom: 'Fellowship hall',
    venueAddress: '42 Main St, Binghamton, NY',
    venueAccessibilityNotes: null,
    onlineUrl: null,
    interpretation: 'Spanish interpretation',
    status: 'published',
    sequence: 3,
    createdAt: new Date('2026-09-01T10:00:00Z'),
    updatedAt: new Date('2026-09-02T10:00:00Z'),
    ...overrides,
  } as CalendarForum;
}

const entry = (overrides: Partial<CalendarForum> = {}) => ({
  event: event(overrides),
  organization: ORGANIZATION,
  uid: calendarUid('event', '7d0f5a53-1c1e-4c52-9f0c-2f4f8f0b9c11', OPTIONS.appUrl),
  sequence: 3,
});

describe('buildCalendar', () => {
  it("writes the start in the event's zone with its VTIMEZONE, right across the DST change", () => {
    const text = buildCalendar([entry()], OPTIONS);
    const { method, zones, events } = parseCalendar(text);
    expect(method).toBe('PUBLISH');
    expect(zones).toEqual(['America/New_York']);
    expect(events[0]).toMatchObject({
      uid: 'event-7d0f5a53-1c1e-4c52-9f0c-2f4f8f0b9c11@townhall.example.org',
      sequence: 3,
      status: 'CONFIRMED',
      startLocal: '2026-11-01T18:30:00',
      startZone: 'America/New_York',
      url: 'https://townhall.example.org/events/forum-287g-2026-11-01',
      organizer: { name: 'Neighbors, United; Broome', address: 'mailto:no-reply@townhall.example.org' },
      attendees: [],
    });
    expect(events[0]!.start.toISOString()).toBe('2026-11-01T23:30:00.000Z');
    expect(events[0]!.end.toISOString()).toBe('2026-11-02T01:30:00.000Z');
    expect(rawLines(text, 'DTSTART')).toEqual(['DTSTART;TZID=America/New_York:20261101T183000']);
    expect(rawLines(text, 'DTSTAMP')).toEqual(['DTSTAMP:20261001T120000Z']);
    expect(text).not.toMatch(/ATTENDEE/);
  });

  it('escapes commas, semicolons, backslashes and newlines, and folds lines without splitting emoji', () => {
    const text = buildCalendar([entry()], { ...OPTIONS, name: 'Neighbors, United; Broome' });
    const [parsed] = parseCalendar(text).events;
    expect(parsed!.summary).toBe('Forum, Q&A; part 1 🎉');
    expect(parsed!.location).toBe('United Presbyterian Church, Fellowship hall, 42 Main St, Binghamton, NY');
    expect(parsed!.description).toContain(event().description);
    // ical.js keeps NAME raw (it does not know RFC 7986), so the escaping is checked as written.
    expect(rawLines(text, 'NAME')).toEqual(['NAME:Neighbors\\, United\\; Broome']);
    expect(rawLines(text, 'X-WR-CALNAME')).toEqual(['X-WR-CALNAME:Neighbors\\, United\\; Broome']);
    expect(text).toContain('SUMMARY:Forum\\, Q&A\\; part 1 🎉');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).not.toMatch(/\uFFFD/);
  });

  it('marks a cancelled event STATUS:CANCELLED and a CANCEL invite too', () => {
    expect(parseCalendar(buildCalendar([entry({ status: 'cancelled' })], OPTIONS)).events[0]!.status).toBe('CANCELLED');
    const cancel = buildCalendar([{ ...entry(), attendee: { name: 'Ana', email: 'ana@example.org' } }], { ...OPTIONS, method: 'CANCEL' });
    const parsed = parseCalendar(cancel);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.events[0]).toMatchObject({ status: 'CANCELLED', attendees: ['mailto:ana@example.org'] });
    expect(cancel).toMatch(/ATTENDEE;[^\r]*PARTSTAT=ACCEPTED/);
  });

  it('never writes an ATTENDEE into a PUBLISH calendar', () => {
    const text = buildCalendar([{ ...entry(), attendee: { name: 'Ana', email: 'ana@example.org' } }], OPTIONS);
    expect(text).not.toMatch(/ATTENDEE|ana@example\.org/);
  });

  it('maps an ICU alias to the tz database name and writes UTC events with a UTC zone', () => {
    const kolkata = parseCalendar(buildCalendar([entry({ timezone: 'Asia/Calcutta' })], OPTIONS));
    expect(kolkata.events[0]).toMatchObject({ startZone: 'Asia/Kolkata', startLocal: '2026-11-02T05:00:00' });
    const utc = parseCalendar(buildCalendar([entry({ timezone: 'UTC' })], OPTIONS));
    expect(utc.events[0]!.start.toISOString()).toBe('2026-11-01T23:30:00.000Z');
  });

  it("writes the same calendar whatever the server's own time zone", () => {
    const script = `
      const { buildCalendar } = await import(${JSON.stringify(resolve('dist/src/calendar/calendar.js'))});
      const input = JSON.parse(process.argv[1], (key, value) =>
        typeof value === 'string' && /^\\d{4}-\\d{2}-\\d{2}T.*Z$/.test(value) ? new Date(value) : value);
      process.stdout.write(buildCalendar(input.entries, input.options));`;
    const input = JSON.stringify({ entries: [entry()], options: OPTIONS });
    const outputs = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo'].map((tz) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script, input], { env: { ...process.env, TZ: tz } }).toString(),
    );
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    expect(outputs[0]).toBe(buildCalendar([entry()], OPTIONS));
    expect(rawLines(outputs[1]!, 'DTSTART')).toEqual(['DTSTART;TZID=America/New_York:20261101T183000']);
  });
});

describe('CalendarService.invite', () => {
  it("builds one recipient's REQUEST under their own UID, with them as the only ATTENDEE", () => {
    const calendar = new CalendarService(
      { appUrl: OPTIONS.appUrl, mailFrom: 'Townhall <no-reply@townhall.example.org>' } as AppConfig,
      new Clock(),
    );
    const uid = calendar.uid('panelist', '0b6f3f7e-8a7e-4c1f-a8a4-0d2d1f9f6a10');
    const text = calendar.invite({
      event: event(),
      organization: { name: 'Neighbors', contactEmail: 'forums@neighbors.example' },
      method: 'REQUEST',
      uid,
      sequence: 2,
      attendee: { name: 'Ana Abogada', email: 'ana@example.org' },
    });
    const parsed = parseCalendar(text);
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.events[0]).toMatchObject({
      uid: 'panelist-0b6f3f7e-8a7e-4c1f-a8a4-0d2d1f9f6a10@townhall.example.org',
      sequence: 2,
      status: 'CONFIRMED',
      startLocal: '2026-11-01T18:30:00',
      organizer: { name: 'Neighbors', address: 'mailto:forums@neighbors.example' },
      attendees: ['mailto:ana@example.org'],
    });
    expect(text).toMatch(/ATTENDEE;[^\r]*PARTSTAT=ACCEPTED/);
  });
});

describe('mailAddress', () => {
  it('takes the address out of a MAIL_FROM with a display name', () => {
    expect(mailAddress('Townhall <no-reply@localhost>')).toBe('no-reply@localhost');
    expect(mailAddress('forums@example.org')).toBe('forums@example.org');
  });
});

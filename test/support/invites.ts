import ICAL from 'ical.js';
import type { ReceivedMail } from './smtp-sink.js';

export interface CalendarPart {
  /** The `method=` parameter of the part's Content-Type. */
  contentTypeMethod: string | undefined;
  ics: string;
}

/** The text/calendar part of a message, as a mail client sees it. */
export function calendarPart(mail: ReceivedMail): CalendarPart | undefined {
  const part = mail.parsed.attachments.find((attachment) => attachment.contentType === 'text/calendar');
  if (!part) return undefined;
  const contentType = part.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  return { contentTypeMethod: contentType?.params?.method, ics: part.content.toString('utf8') };
}

export interface Invite {
  method: string;
  uid: string;
  sequence: number;
  status: string | null;
  dtstamp: string;
  start: ICAL.Time;
  end: ICAL.Time;
  organizer: string | null;
  attendees: string[];
  timezones: string[];
  event: ICAL.Component;
}

/** Parses an iCalendar object with one VEVENT, as a calendar application would. */
export function parseInvite(ics: string): Invite {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('The calendar object has no VEVENT.');
  const event = new ICAL.Event(vevent);
  const value = (name: string) => {
    const found = vevent.getFirstPropertyValue(name);
    return found === null || found === undefined ? null : String(found);
  };
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: value('status'),
    dtstamp: String(vevent.getFirstProperty('dtstamp')?.toICALString() ?? ''),
    start: event.startDate,
    end: event.endDate,
    organizer: value('organizer'),
    attendees: vevent.getAllProperties('attendee').map((attendee) => String(attendee.getFirstValue())),
    timezones: calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))),
    event: vevent,
  };
}

import ICAL from 'ical.js';

export interface ParsedVEvent {
  uid: string;
  sequence: number;
  status: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  /** Wall-clock start as written, `2026-11-01T18:30:00`, and the zone it names. */
  startLocal: string;
  startZone: string;
  /** The instants, resolved through the calendar's own VTIMEZONE. */
  start: Date;
  end: Date;
  organizer: { name: string; address: string } | null;
  attendees: string[];
}

/** Parses an iCalendar text with ical.js, an implementation independent of the one that wrote it. */
export function parseCalendar(text: string): { method: string; zones: string[]; events: ParsedVEvent[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  const zones = root.getAllSubcomponents('vtimezone').map((component) => {
    const zone = new ICAL.Timezone(component);
    ICAL.TimezoneService.register(zone, zone.tzid);
    return zone.tzid;
  });
  const events = root.getAllSubcomponents('vevent').map((component): ParsedVEvent => {
    const event = new ICAL.Event(component);
    const organizer = component.getFirstProperty('organizer');
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: String(component.getFirstPropertyValue('status')),
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: (component.getFirstPropertyValue('url') as string | null) ?? null,
      startLocal: event.startDate.toString(),
      startZone: String(component.getFirstProperty('dtstart')?.getParameter('tzid') ?? event.startDate.zone?.tzid ?? ''),
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      organizer: organizer
        ? { name: String(organizer.getParameter('cn')), address: String(organizer.getFirstValue()).toLowerCase() }
        : null,
      attendees: component.getAllProperties('attendee').map((property) => String(property.getFirstValue()).toLowerCase()),
    };
  });
  return {
    method: String(root.getFirstPropertyValue('method')),
    zones,
    events,
  };
}

/** The raw content lines of a property in the VEVENTs, unfolded, e.g. every `DTSTAMP:…`. */
export function rawLines(text: string, property: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/g, '')
    .split('\r\n')
    .filter((line) => line.startsWith(`${property}:`) || line.startsWith(`${property};`));
}

import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import {
  buildCalendar,
  calendarUid,
  mailAddress,
  type CalendarAttendee,
  type CalendarEntry,
  type CalendarForum,
  type CalendarOptions,
  type CalendarOrganization,
} from './calendar.js';

export interface InviteRequest {
  event: CalendarForum;
  organization: CalendarOrganization;
  method: 'REQUEST' | 'CANCEL';
  /** The recipient's own UID (an RSVP's, a panelist's invite_uid), never the event's public one. */
  uid: string;
  sequence: number;
  attendee: CalendarAttendee;
}

/** `.ics` documents: the public PUBLISH downloads and feeds, and per-person REQUEST/CANCEL invites. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A stable UID: `uid('event', event.id)` for downloads and feeds, `uid('panelist', panelist.inviteUid)` for an invite. */
  uid(kind: Parameters<typeof calendarUid>[0], id: string): string {
    return calendarUid(kind, id, this.config.appUrl);
  }

  /** One event, METHOD:PUBLISH, for `event.ics`. */
  publishEvent(event: CalendarForum, organization: CalendarOrganization): string {
    return this.publish(organization, [event]);
  }

  /** A subscribable feed of the organization's events, METHOD:PUBLISH, named after the organization. */
  publishFeed(organization: CalendarOrganization, events: CalendarForum[]): string {
    return this.publish(organization, events, organization.name);
  }

  /** One recipient's invite: METHOD:REQUEST (confirmation, update) or METHOD:CANCEL, ATTENDEE the recipient alone. */
  invite({ event, organization, method, uid, sequence, attendee }: InviteRequest): string {
    return buildCalendar([{ event, organization, uid, sequence, attendee }], this.options(method));
  }

  /**
   * One attendee's private feed (METHOD:PUBLISH, no ATTENDEE): their own place under their own
   * UID, for a calendar app to subscribe to and fetch again every hour.
   */
  attendeeFeed(entry: CalendarEntry, name: string): string {
    return buildCalendar([entry], { ...this.options('PUBLISH'), name, refreshSeconds: 3600 });
  }

  private publish(organization: CalendarOrganization, events: CalendarForum[], name?: string): string {
    return buildCalendar(
      events.map((event) => ({ event, organization, uid: this.uid('event', event.id), sequence: event.sequence })),
      { ...this.options('PUBLISH'), name },
    );
  }

  private options(method: CalendarOptions['method']): CalendarOptions {
    return { method, appUrl: this.config.appUrl, fallbackOrganizerEmail: mailAddress(this.config.mailFrom), stamp: this.clock.now() };
  }
}

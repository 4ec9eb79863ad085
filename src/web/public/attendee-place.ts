import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { EventViewsService } from '../../events/event-views.service.js';
import { paragraphsOf } from '../../messages/message-mail.js';
import type { Message } from '../../messages/message.entity.js';
import { MessagesService } from '../../messages/messages.service.js';
import { RsvpView } from '../../rsvps/dto/rsvp.views.js';
import type { AttendeeAudience } from '../../rsvps/attendee-audiences.js';
import type { PlacedRsvp } from '../../rsvps/rsvps.repository.js';
import { RsvpsService } from '../../rsvps/rsvps.service.js';
import { eventPageData } from './event-page-data.js';
import { qrDataUrl } from './qr-codes.js';

/** A message of the organizers as a page shows it: both languages, the page picks its own. */
export function announcementViews(messages: Message[]) {
  return messages.map((message) => ({
    createdAt: message.createdAt.toISOString(),
    en: { subject: message.subjectEn, paragraphs: paragraphsOf(message.bodyEn) },
    es: message.subjectEs && message.bodyEs ? { subject: message.subjectEs, paragraphs: paragraphsOf(message.bodyEs) } : null,
  }));
}

/** The audiences of the organizers' messages an attendee stands in. */
function audiencesOf(rsvp: PlacedRsvp): AttendeeAudience[] {
  if (rsvp.status === 'waitlisted') return ['waitlisted'];
  if (rsvp.status === 'confirmed') return rsvp.checkedInAt ? ['confirmed', 'checked-in'] : ['confirmed'];
  return [];
}

/**
 * Everything an attendee's own pages show of their place: status, check-in code and QR, the
 * private link and calendar feed to keep, and the organizers' messages to them (the only way
 * they reach someone who gave no email).
 */
@Injectable()
export class AttendeePlace {
  constructor(
    private readonly rsvps: RsvpsService,
    private readonly events: EventViewsService,
    private readonly messages: MessagesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async of(token: string) {
    const { rsvp, event } = await this.rsvps.byToken(token);
    const view = await this.events.publicView(event);
    const page = eventPageData(view, this.clock.now());
    const own = RsvpView.of(rsvp);
    // The code is for the door: only a seat held for a forum still to come has one to show.
    const showCheckIn = own.status === 'confirmed' && own.checkInCode !== null && page.state === 'open';
    const manageUrl = `${this.config.appUrl}/rsvp/${token}`;
    return {
      ...page,
      rsvp: own,
      withoutEmail: rsvp.bookedWithoutEmail,
      promoted: own.status === 'confirmed' && rsvp.promotedAt !== null,
      showCheckIn,
      qrCode: showCheckIn && (await qrDataUrl(own.checkInCode!)),
      manageUrl,
      // webcal:// makes a phone offer to subscribe, so its calendar fetches the feed again by itself.
      feedUrl: `${manageUrl.replace(/^https?:/, 'webcal:')}/calendar.ics`,
      feedDownloadUrl: `${manageUrl}/calendar.ics`,
      // One calendar link only: their own feed above, not the forum's generic file.
      calendarUrl: undefined,
      announcements: announcementViews(await this.messages.announcements(event.id, audiencesOf(rsvp))),
      path: `/rsvp/${token}`,
    };
  }
}

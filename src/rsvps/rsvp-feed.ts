import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { AppConfig } from '../config/app-config.js';
import type { Event } from '../events/event.entity.js';
import { Organization } from '../accounts/organization.entity.js';
import type { Rsvp } from './rsvp.entity.js';
import type { PlacedRsvp } from './rsvps.repository.js';
import { RsvpsService } from './rsvps.service.js';
import type { Language } from '../common/languages.js';

/**
 * The feed's SEQUENCE: it rises with every change the feed shows, and never falls. The event's
 * own sequence rises with each move and its cancellation, the RSVP's with each change of its
 * invite (party size, cancellation), and leaving the waitlist (for a seat, or passed over) adds one.
 */
export function feedSequence(event: Pick<Event, 'sequence'>, rsvp: Pick<Rsvp, 'inviteSequence' | 'status'>): number {
  return event.sequence + rsvp.inviteSequence + (rsvp.status === 'waitlisted' ? 0 : 1);
}

/**
 * What the entry says of the place. Not the waitlist position: it moves without a change of
 * SEQUENCE, and a calendar may keep the old text; the page has it exact.
 */
interface Place {
  title: string;
  partySize: number;
  code: string | null;
  link: string;
}

/** What the attendee's calendar says of their place, in their language. */
interface Texts {
  waitingTitle: (place: Place) => string;
  waiting: string;
  seated: (place: Place) => string;
  promoted: string;
  cancelled: string;
  link: (place: Place) => string;
}

const TEXTS: Record<Language, Texts> = {
  en: {
    waitingTitle: ({ title }) => `Waitlist: ${title}`,
    waiting:
      'You are on the waitlist: not a seat yet. Your place in line is on your page (the link below). This entry changes as soon as a seat is yours.',
    seated: ({ partySize, code }) =>
      `You have a seat${partySize > 1 ? ` for ${partySize} people` : ''}.${code ? ` Check-in code: ${code}` : ''}`,
    promoted: 'A seat opened up: you moved from the waitlist to a seat.',
    cancelled: 'This RSVP is cancelled.',
    link: ({ link }) => `Your RSVP (private, do not share): ${link}`,
  },
  es: {
    waitingTitle: ({ title }) => `Lista de espera: ${title}`,
    waiting:
      'Está en la lista de espera: aún no tiene lugar. Su puesto en la fila está en su página (el enlace de abajo). Esta entrada cambia en cuanto tenga su lugar.',
    seated: ({ partySize, code }) =>
      `Tiene su lugar${partySize > 1 ? ` para ${partySize} personas` : ''}.${code ? ` Código de entrada: ${code}` : ''}`,
    promoted: 'Se liberó un lugar: pasó de la lista de espera a tener su lugar.',
    cancelled: 'Esta reserva está cancelada.',
    link: ({ link }) => `Su reserva (privada, no la comparta): ${link}`,
  },
};

/**
 * An attendee's private calendar feed behind their manage token: their own place at the
 * event under their RSVP's UID, so a subscribed calendar follows a move, a promotion from
 * the waitlist and a cancellation without any email.
 */
@Injectable()
export class RsvpFeed {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rsvps: RsvpsService,
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
  ) {}

  async forToken(token: string): Promise<string> {
    const { rsvp, event } = await this.rsvps.byToken(token);
    const organization = await this.dataSource.manager.findOneByOrFail(Organization, { id: event.organizationId });
    const texts = TEXTS[rsvp.language];
    const place: Place = {
      title: event.title,
      partySize: rsvp.partySize,
      code: rsvp.checkInCode,
      link: `${this.config.appUrl}/rsvp/${token}`,
    };
    return this.calendar.attendeeFeed(
      {
        event,
        organization,
        uid: this.calendar.uid('rsvp', rsvp.inviteUid),
        sequence: feedSequence(event, rsvp),
        summary: rsvp.status === 'waitlisted' ? texts.waitingTitle(place) : undefined,
        tentative: rsvp.status === 'waitlisted',
        cancelled: rsvp.status === 'cancelled',
        note: [statusNote(texts, rsvp, place), texts.link(place)].join('\n\n'),
      },
      event.title,
    );
  }
}

function statusNote(texts: Texts, rsvp: PlacedRsvp, place: Place): string {
  if (rsvp.status === 'cancelled') return texts.cancelled;
  if (rsvp.status === 'waitlisted') return texts.waiting;
  return rsvp.promotedAt ? `${texts.seated(place)} ${texts.promoted}` : texts.seated(place);
}

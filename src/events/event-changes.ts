import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Panelist } from '../panelists/panelist.entity.js';
import type { Event } from './event.entity.js';

/** What a published event looked like before a change its invitees must be told about. */
export interface EventRescheduling {
  /** Which of the invite-relevant facts changed. */
  changed: ('startsAt' | 'endsAt' | 'timezone' | 'venue' | 'onlineUrl')[];
  previous: Pick<
    Event,
    'startsAt' | 'endsAt' | 'timezone' | 'venueName' | 'venueAddress' | 'venueRoom' | 'onlineUrl' | 'sequence'
  >;
}

/**
 * Every point where someone must be emailed. Each method runs inside the transaction of the
 * change (use `manager` to queue mail), so a message is queued if and only if the change commits.
 * `event` is the event as saved, with its new `sequence`.
 */
@Injectable()
export class EventChangeNotifier {
  /** A published event's time, time zone, venue or online URL changed. */
  async eventRescheduled(_manager: EntityManager, _event: Event, _changes: EventRescheduling): Promise<void> {
    // Filled in by the mail issue: updates for attendees and accepted panelists.
  }

  /** A published event was cancelled. */
  async eventCancelled(_manager: EntityManager, _event: Event, _reason: string): Promise<void> {
    // Filled in by the mail issue: cancellations for everyone confirmed or waiting, and every panelist.
  }

  /** A panelist was added; `token` is the plaintext private link token, available only here. */
  async panelistInvited(_manager: EntityManager, _panelist: Panelist, _event: Event, _token: string): Promise<void> {
    // Filled in by the mail issue: the invitation with ${APP_URL}/panel/<token>.
  }

  /** A panelist accepted (from invited or declined). */
  async panelistAccepted(_manager: EntityManager, _panelist: Panelist, _event: Event): Promise<void> {
    // Filled in by the mail issue: the METHOD:REQUEST calendar invite.
  }

  /** A panelist declined; `wasConfirmed` says whether they held a calendar invite to withdraw. */
  async panelistDeclined(
    _manager: EntityManager,
    _panelist: Panelist,
    _event: Event,
    _wasConfirmed: boolean,
  ): Promise<void> {
    // Filled in by the mail issue: a METHOD:CANCEL if they had accepted before.
  }

  /** An organizer removed a panelist (called before the row is deleted). */
  async panelistRemoved(_manager: EntityManager, _panelist: Panelist, _event: Event): Promise<void> {
    // Filled in by the mail issue: tell the panelist, with a METHOD:CANCEL if they had accepted.
  }
}

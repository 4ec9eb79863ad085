import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Panelist } from '../events/panelist.entity.js';
import type { Event } from './event.entity.js';

/** What a published event looked like before a change its invitees must be told about. */
export interface EventRescheduling {
  /** Which of the invite-relevant facts changed. */
  changed: ('startsAt' | 'endsAt' | 'timezone' | 'venue' | 'onlineUrl')[];
  previous: Pick<Event, 'startsAt' | 'endsAt' | 'timezone' | 'venueName' | 'venueAddress' | 'venueRoom' | 'onlineUrl' | 'sequence'>;
}

/**
 * Every point where someone must be told of a change. Each method runs inside the transaction
 * of the change (use `manager` to queue mail), so a message is queued if and only if the change
 * commits. `event` is the event as saved, with its new `sequence`.
 */
export interface EventChangeListener {
  /** A published event's time, time zone, venue or online URL changed. */
  eventRescheduled?(manager: EntityManager, event: Event, changes: EventRescheduling): Promise<void>;
  /** The capacity changed (or became unlimited); called after the event is saved, so seats may go to the waitlist. */
  capacityChanged?(manager: EntityManager, event: Event): Promise<void>;
  /** A published event starts within REMINDER_HOURS: called once per start time, so a moved event reminds again. */
  reminderDue?(manager: EntityManager, event: Event): Promise<void>;
  /** A published event was cancelled. */
  eventCancelled?(manager: EntityManager, event: Event, reason: string): Promise<void>;
  /** A panelist was added; `token` is the plaintext private link token, available only here. */
  panelistInvited?(manager: EntityManager, panelist: Panelist, event: Event, token: string): Promise<void>;
  /** A panelist accepted (from invited or declined). */
  panelistAccepted?(manager: EntityManager, panelist: Panelist, event: Event): Promise<void>;
  /** A panelist declined; `wasConfirmed` says whether they held a calendar invite to withdraw. */
  panelistDeclined?(manager: EntityManager, panelist: Panelist, event: Event, wasConfirmed: boolean): Promise<void>;
  /** An organizer removed a panelist (called before the row is deleted). */
  panelistRemoved?(manager: EntityManager, panelist: Panelist, event: Event): Promise<void>;
  /** An organizer changed a panelist's role (moderator or panelist); `panelist` has the new one. */
  panelistRoleChanged?(manager: EntityManager, panelist: Panelist, event: Event): Promise<void>;
}

type Hook = keyof EventChangeListener;
type HookArgs<K extends Hook> = Parameters<NonNullable<EventChangeListener[K]>>;

/**
 * Events and panelists announce changes here; features that must tell people (mail for
 * panelists, RSVPs for attendees) register a listener at start-up, so no module imports
 * the ones that depend on it.
 */
@Injectable()
export class EventChangeNotifier {
  private readonly listeners: EventChangeListener[] = [];

  register(listener: EventChangeListener): void {
    this.listeners.push(listener);
  }

  eventRescheduled(...args: HookArgs<'eventRescheduled'>) {
    return this.announce('eventRescheduled', args);
  }
  capacityChanged(...args: HookArgs<'capacityChanged'>) {
    return this.announce('capacityChanged', args);
  }
  reminderDue(...args: HookArgs<'reminderDue'>) {
    return this.announce('reminderDue', args);
  }
  eventCancelled(...args: HookArgs<'eventCancelled'>) {
    return this.announce('eventCancelled', args);
  }
  panelistInvited(...args: HookArgs<'panelistInvited'>) {
    return this.announce('panelistInvited', args);
  }
  panelistAccepted(...args: HookArgs<'panelistAccepted'>) {
    return this.announce('panelistAccepted', args);
  }
  panelistDeclined(...args: HookArgs<'panelistDeclined'>) {
    return this.announce('panelistDeclined', args);
  }
  panelistRemoved(...args: HookArgs<'panelistRemoved'>) {
    return this.announce('panelistRemoved', args);
  }
  panelistRoleChanged(...args: HookArgs<'panelistRoleChanged'>) {
    return this.announce('panelistRoleChanged', args);
  }

  /** In registration order and one after another: all share the change's transaction. */
  private async announce<K extends Hook>(hook: K, args: HookArgs<K>): Promise<void> {
    for (const listener of this.listeners) {
      const handler = listener[hook] as ((...handlerArgs: HookArgs<K>) => Promise<void>) | undefined;
      await handler?.apply(listener, args);
    }
  }
}

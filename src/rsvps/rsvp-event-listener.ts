import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventChangeNotifier, type EventChangeListener, type EventRescheduling } from '../events/event-changes.js';
import type { Event } from '../events/event.entity.js';
import { RsvpMail } from './rsvp-mail.js';
import { Rsvp } from './rsvp.entity.js';
import { Waitlist } from './waitlist.js';

/**
 * What attendees are told when their event changes, in the change's transaction (the event
 * row is already locked by it). Only confirmed attendees hold an invite, so only they get
 * updates and METHOD:CANCEL, each with their own SEQUENCE raised; people waiting hear of a
 * cancellation in words. Reminders go to the confirmed.
 */
@Injectable()
export class RsvpEventListener implements EventChangeListener, OnModuleInit {
  constructor(
    private readonly notifier: EventChangeNotifier,
    private readonly mail: RsvpMail,
    private readonly waitlist: Waitlist,
  ) {}

  onModuleInit(): void {
    this.notifier.register(this);
  }

  async eventRescheduled(manager: EntityManager, event: Event, changes: EventRescheduling): Promise<void> {
    for (const rsvp of await this.raiseSequences(manager, event)) await this.mail.eventUpdated(manager, event, rsvp, changes);
  }

  async eventCancelled(manager: EntityManager, event: Event, reason: string): Promise<void> {
    for (const rsvp of await this.raiseSequences(manager, event)) await this.mail.eventCancelled(manager, event, rsvp, reason);
    const waiting = await manager.find(Rsvp, { where: { eventId: event.id, status: 'waitlisted' }, order: { arrival: 'ASC' } });
    for (const rsvp of waiting) await this.mail.eventCancelled(manager, event, rsvp, reason);
  }

  async reminderDue(manager: EntityManager, event: Event): Promise<void> {
    const confirmed = await manager.find(Rsvp, { where: { eventId: event.id, status: 'confirmed' }, order: { arrival: 'ASC' } });
    for (const rsvp of confirmed) await this.mail.reminder(manager, event, rsvp);
  }

  capacityChanged(manager: EntityManager, event: Event): Promise<void> {
    return this.waitlist.promote(manager, event);
  }

  /** Confirmed attendees who can still be written to, each with the SEQUENCE of the invite about to go out. */
  private async raiseSequences(manager: EntityManager, event: Event): Promise<Rsvp[]> {
    await manager.query(
      `UPDATE rsvps SET invite_sequence = invite_sequence + 1, updated_at = now()
       WHERE event_id = $1 AND status = 'confirmed' AND email IS NOT NULL`,
      [event.id],
    );
    return manager
      .getRepository(Rsvp)
      .createQueryBuilder('rsvp')
      .where(`rsvp.event_id = :eventId AND rsvp.status = 'confirmed' AND rsvp.email IS NOT NULL`, { eventId: event.id })
      .orderBy('rsvp.arrival', 'ASC')
      .getMany();
  }
}

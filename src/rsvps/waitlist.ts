import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Event } from '../events/event.entity.js';
import { isOpen } from '../events/event-rules.js';
import type { Rsvp } from './rsvp.entity.js';
import { RsvpMail } from './rsvp-mail.js';
import { RsvpsRepository } from './rsvps.repository.js';

/** Seats and the queue; every method expects the caller to hold the event's lock (RsvpsRepository.lockEvent). */
@Injectable()
export class Waitlist {
  constructor(
    private readonly repository: RsvpsRepository,
    private readonly mail: RsvpMail,
    private readonly clock: Clock,
  ) {}

  /** Marks a party that already holds its seats as confirmed, with a check-in code. */
  async confirm(manager: EntityManager, rsvp: Rsvp): Promise<Rsvp> {
    rsvp.status = 'confirmed';
    rsvp.checkInCode ??= await this.repository.freshCheckInCode(manager, rsvp.eventId);
    return manager.save(rsvp);
  }

  /**
   * Serves the queue strictly in arrival order: the head is promoted as soon as its whole party
   * fits, and nobody behind it goes first. A head that could not fit even an empty hall is
   * passed over (and told), so it does not block everyone behind it. Runs in the transaction
   * of whatever freed the seats.
   */
  async promote(manager: EntityManager, event: Event): Promise<void> {
    // Seats freed after the end or on a cancelled event go to nobody.
    if (!isOpen(event, this.clock.now())) return;
    for (;;) {
      const head = await this.repository.waitlistHead(manager, event.id);
      if (!head) return;
      const leaves = () => (event.waitlisted -= 1);
      if (event.capacity !== null && head.partySize > event.capacity) {
        head.status = 'cancelled';
        head.cancelledAt = this.clock.now();
        await manager.save(head);
        leaves();
        await this.mail.passedOver(manager, event, head);
        continue;
      }
      if (!(await this.repository.takeSeats(manager, event, head.partySize))) return;
      leaves();
      head.promotedAt = this.clock.now();
      await this.mail.confirmed(manager, event, await this.confirm(manager, head), 'rsvp-promoted');
    }
  }
}

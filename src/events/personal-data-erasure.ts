import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';

/**
 * A feature that keeps personal data about an event's people (attendees, question authors):
 * it registers here at start-up, so erasure reaches it without Events knowing it.
 */
export interface PersonalDataHolder {
  /** Erases the event's personal data in the erasure's transaction (the event row is locked); returns how many records. */
  erase(manager: EntityManager, eventId: string): Promise<number>;
  /**
   * An SQL condition on the events row `e`, true while personal data of it is kept here, so
   * retention finds what reached an event after its erasure. It tests exactly what `erase`
   * clears, so retention's loop ends.
   */
  readonly keepsDataSql: string;
}

/** Everything personal about an event, erased in one transaction: used by retention and by an owner's "erase now". */
@Injectable()
export class PersonalDataErasure {
  private readonly holders: PersonalDataHolder[] = [];

  constructor(private readonly clock: Clock) {}

  register(holder: PersonalDataHolder): void {
    this.holders.push(holder);
  }

  /**
   * Erases every holder's data of the event; the caller holds the event's lock. The event
   * remembers when it was first erased, whichever path did it. Returns each holder's count.
   */
  async eraseEvent(manager: EntityManager, eventId: string): Promise<Map<PersonalDataHolder, number>> {
    const erased = new Map<PersonalDataHolder, number>();
    for (const holder of this.holders) erased.set(holder, await holder.erase(manager, eventId));
    await manager.query(`UPDATE events SET personal_data_erased_at = coalesce(personal_data_erased_at, $2) WHERE id = $1`, [
      eventId,
      this.clock.now(),
    ]);
    return erased;
  }

  /** An SQL condition on the events row `e`: some holder keeps personal data of it. */
  keepsDataSql(): string {
    return this.holders.map((holder) => `(${holder.keepsDataSql})`).join(' OR ') || 'false';
  }
}

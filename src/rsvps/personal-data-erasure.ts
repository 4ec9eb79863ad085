import { Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { Question } from '../questions/question.entity.js';
import { RsvpsRepository } from './rsvps.repository.js';

/**
 * Everything personal about an event, erased in one transaction: its attendees' data and
 * manage links, and its question authors' names (both go at retention). Used by the
 * retention job and by an owner's "erase now".
 */
@Injectable()
export class PersonalDataErasure {
  constructor(private readonly repository: RsvpsRepository) {}

  /** Returns how many RSVPs were erased. The event remembers when it was first erased, whichever path did it. */
  async eraseEvent(manager: EntityManager, eventId: string): Promise<number> {
    const erased = await this.repository.erase(manager, eventId);
    await manager.update(Question, { eventId, authorName: Not(IsNull()) }, { authorName: null });
    await manager.query(`UPDATE events SET personal_data_erased_at = coalesce(personal_data_erased_at, now()) WHERE id = $1`, [eventId]);
    return erased;
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalDataErasure, type PersonalDataHolder } from '../events/personal-data-erasure.js';
import { RsvpsRepository } from './rsvps.repository.js';

/** Attendees' data and manage links go with their event's personal data (retention, an owner's "erase now"). */
@Injectable()
export class RsvpErasure implements PersonalDataHolder, OnModuleInit {
  readonly keepsDataSql = 'EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = e.id AND r.erased_at IS NULL)';

  constructor(
    private readonly erasure: PersonalDataErasure,
    private readonly repository: RsvpsRepository,
  ) {}

  onModuleInit(): void {
    this.erasure.register(this);
  }

  erase(manager: EntityManager, eventId: string): Promise<number> {
    return this.repository.erase(manager, eventId);
  }
}

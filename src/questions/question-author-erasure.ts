import { Injectable, OnModuleInit } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { PersonalDataErasure, type PersonalDataHolder } from '../events/personal-data-erasure.js';
import { Question } from './question.entity.js';

/** Question authors' names go with their event's personal data (retention, an owner's "erase now"); the questions stay. */
@Injectable()
export class QuestionAuthorErasure implements PersonalDataHolder, OnModuleInit {
  readonly keepsDataSql = 'EXISTS (SELECT 1 FROM questions q WHERE q.event_id = e.id AND q.author_name IS NOT NULL)';

  constructor(private readonly erasure: PersonalDataErasure) {}

  onModuleInit(): void {
    this.erasure.register(this);
  }

  async erase(manager: EntityManager, eventId: string): Promise<number> {
    const { affected } = await manager.update(Question, { eventId, authorName: Not(IsNull()) }, { authorName: null });
    return affected ?? 0;
  }
}

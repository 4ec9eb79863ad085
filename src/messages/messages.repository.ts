import { Injectable } from '@nestjs/common';
import { In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { AttendeeAudience } from '../rsvps/attendee-audiences.js';
import type { DeliveryCountsView } from './dto/message.views.js';
import { Message } from './message.entity.js';

/** A forum's page shows its latest messages; older ones went out long before the night. */
const ANNOUNCEMENTS_SHOWN = 20;

/** A message as first written: the row's columns. */
export type NewMessage = Pick<
  Message,
  'id' | 'eventId' | 'authorId' | 'audience' | 'subjectEn' | 'subjectEs' | 'bodyEn' | 'bodyEs' | 'recipients' | 'shownPublicly'
>;

/** The message queries that need a name: the idempotent insert, the list with authors, delivery counts. */
@Injectable()
export class MessagesRepository {
  /** Inserts the message unless one with its id exists (a retried send); true when it was inserted. */
  async insertOnce(manager: EntityManager, message: NewMessage): Promise<boolean> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO event_messages (id, event_id, author_id, audience, subject_en, subject_es, body_en, body_es, recipients, shown_publicly)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        message.id,
        message.eventId,
        message.authorId,
        message.audience,
        message.subjectEn,
        message.subjectEs,
        message.bodyEn,
        message.bodyEs,
        message.recipients,
        message.shownPublicly,
      ],
    );
    return inserted.length > 0;
  }

  /** Ties each queued email to its message, for the delivery counts. */
  async recordDeliveries(manager: EntityManager, messageId: string, outboxIds: string[]): Promise<void> {
    await manager.query(`INSERT INTO event_message_deliveries (outbox_id, message_id) SELECT unnest($1::uuid[]), $2`, [
      outboxIds,
      messageId,
    ]);
  }

  /** A page of the forum's messages, newest first, each with its author's name (null once the author left). */
  async pageWithAuthors(
    manager: EntityManager,
    eventId: string,
    limit: number,
    after: { at: string; id: string } | undefined,
  ): Promise<{ message: Message; authorName: string | null }[]> {
    const query = manager
      .getRepository(Message)
      .createQueryBuilder('message')
      .leftJoin('organizers', 'author', 'author.id = message.author_id')
      .addSelect('author.name', 'author_name')
      .where('message.event_id = :eventId', { eventId })
      .orderBy('message.created_at', 'DESC')
      .addOrderBy('message.id', 'DESC')
      .limit(limit);
    if (after) query.andWhere('(message.created_at, message.id) < (:at, :id)', after);
    const { entities, raw } = await query.getRawAndEntities<{ author_name: string | null }>();
    return entities.map((message, index) => ({ message, authorName: raw[index]!.author_name }));
  }

  async authorName(manager: EntityManager, authorId: string | null): Promise<string | null> {
    if (!authorId) return null;
    const [author]: { name: string }[] = await manager.query('SELECT name FROM organizers WHERE id = $1', [authorId]);
    return author?.name ?? null;
  }

  /** Where each message's emails stand in the outbox. */
  async deliveries(manager: EntityManager, messageIds: string[]): Promise<Map<string, DeliveryCountsView>> {
    const rows: ({ message_id: string } & DeliveryCountsView)[] = messageIds.length
      ? await manager.query(
          `SELECT d.message_id,
             count(*) FILTER (WHERE o.status = 'pending')::int AS pending,
             count(*) FILTER (WHERE o.status = 'sent')::int AS sent,
             count(*) FILTER (WHERE o.status = 'failed')::int AS failed
           FROM event_message_deliveries d JOIN mail_outbox o ON o.id = d.outbox_id
           WHERE d.message_id = ANY($1) GROUP BY d.message_id`,
          [messageIds],
        )
      : [];
    const counts = new Map(messageIds.map((id) => [id, { pending: 0, sent: 0, failed: 0 }]));
    for (const { message_id, pending, sent, failed } of rows) counts.set(message_id, { pending, sent, failed });
    return counts;
  }

  /** What organizers wrote to attendees of these audiences, newest first. */
  toAudiences(manager: EntityManager, eventId: string, audiences: readonly AttendeeAudience[]): Promise<Message[]> {
    return this.latest(manager, { eventId, audience: In([...audiences]) });
  }

  /** The messages shown on the forum's public page, newest first. */
  shownPublicly(manager: EntityManager, eventId: string): Promise<Message[]> {
    return this.latest(manager, { eventId, shownPublicly: true });
  }

  private latest(manager: EntityManager, where: FindOptionsWhere<Message>): Promise<Message[]> {
    return manager.find(Message, { where, order: { createdAt: 'DESC' }, take: ANNOUNCEMENTS_SHOWN });
  }
}

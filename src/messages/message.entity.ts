import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MessageAudience } from './message-audiences.js';

/**
 * What an organizer wrote to one audience of a forum, in English and optionally Spanish. It
 * names no recipient (those are in the outbox), so the forum's erasure leaves it whole.
 */
@Entity('event_messages')
export class Message {
  /** Chosen by the sender, so that a form posted twice sends once. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  /** Null once the author has left the organization. */
  @Column('uuid', { name: 'author_id', nullable: true })
  authorId!: string | null;

  @Column('text')
  audience!: MessageAudience;

  @Column('text', { name: 'subject_en' })
  subjectEn!: string;

  @Column('text', { name: 'subject_es', nullable: true })
  subjectEs!: string | null;

  @Column('text', { name: 'body_en' })
  bodyEn!: string;

  @Column('text', { name: 'body_es', nullable: true })
  bodyEs!: string | null;

  /** Shown on the forum's public page: decided when sent, as the preview said (attendees of a forum that takes bookings without an email). */
  @Column('boolean', { name: 'shown_publicly' })
  shownPublicly!: boolean;

  /** How many people it was queued for when sent. */
  @Column('integer')
  recipients!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

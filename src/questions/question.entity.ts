import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const QUESTION_STATUSES = ['pending', 'approved', 'rejected', 'answered'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
/** What anyone may see; pending and rejected questions stay with the moderators. */
export const PUBLIC_STATUSES: readonly QuestionStatus[] = ['approved', 'answered'];
export const QUESTION_SOURCES = ['app', 'card'] as const;
export type QuestionSource = (typeof QUESTION_SOURCES)[number];

@Entity('questions')
export class Question {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  /** Who asked from the app (never shown); null for a paper card. */
  @Column('uuid', { name: 'participant_id', nullable: true })
  participantId!: string | null;

  @Column('uuid', { name: 'panelist_id', nullable: true })
  panelistId!: string | null;

  @Column('text')
  body!: string;

  /** The body folded for comparison, so asking the same thing twice is one question. */
  @Column('text', { name: 'body_key' })
  bodyKey!: string;

  /** Shown publicly (the form says so); null is anonymous. Erased with the event's personal data. */
  @Column('text', { name: 'author_name', nullable: true })
  authorName!: string | null;

  @Column('text')
  source!: QuestionSource;

  @Column('text')
  status!: QuestionStatus;

  @Column('boolean', { default: false })
  pinned!: boolean;

  /** Kept equal to the question's rows in question_votes by the vote statements. */
  @Column('integer', { default: 0 })
  votes!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/**
 * One email as decided in the transaction that caused it, rendered there. The pg-boss job
 * carries only this row's id, so no personal data sits in the job table.
 */
@Entity('mail_outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId!: string | null;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  /** Fixed at enqueue, so a repeat after a crash is recognizable as the same message. */
  @Column('text', { name: 'message_id' })
  messageId!: string;

  @Column('text')
  template!: string;

  @Column('text')
  language!: 'en' | 'es';

  @Column('text', { name: 'recipient_name', nullable: true })
  recipientName!: string | null;

  @Column('text', { name: 'recipient_address' })
  recipientAddress!: string;

  @Column('text', { name: 'reply_to', nullable: true })
  replyTo!: string | null;

  @Column('text')
  subject!: string;

  /** Bodies hold secret links; they are cleared once the message is sent. */
  @Column('text', { name: 'text_body', nullable: true })
  textBody!: string | null;

  @Column('text', { name: 'html_body', nullable: true })
  htmlBody!: string | null;

  @Column('text', { name: 'calendar_method', nullable: true })
  calendarMethod!: CalendarMethod | null;

  @Column('text', { name: 'calendar_ics', nullable: true })
  calendarIcs!: string | null;

  @Column('text')
  status!: OutboxStatus;

  @Column('int')
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '../common/languages.js';

export const RSVP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

@Entity('rsvps')
export class Rsvp {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  /** Arrival order (an identity column): the waitlist is served strictly by it. */
  @Column({ type: 'bigint', insert: false, update: false })
  arrival!: string;

  /** Personal data: null once erased. Never in a public view or a log. */
  @Column('text', { nullable: true })
  name!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  /** Booked without an email address: counted against the forum's cap, told on their page and feed instead. */
  @Column('boolean', { name: 'booked_without_email', default: false })
  bookedWithoutEmail!: boolean;

  @Column('integer', { name: 'party_size' })
  partySize!: number;

  @Column('text')
  language!: Language;

  @Column('text', { name: 'accessibility_needs', nullable: true })
  accessibilityNeeds!: string | null;

  /** Needs were stated and have been erased: the stats still count them. */
  @Column('boolean', { name: 'accessibility_needs_erased', default: false })
  accessibilityNeedsErased!: boolean;

  @Column('text')
  status!: RsvpStatus;

  /** Printed in the confirmation, e.g. `K7P-4QX`; set once confirmed, unique per event. */
  @Column('text', { name: 'check_in_code', nullable: true })
  checkInCode!: string | null;

  @Column({ type: 'timestamptz', name: 'checked_in_at', nullable: true, precision: 3 })
  checkedInAt!: Date | null;

  /** The UID of this attendee's calendar invite: one per RSVP, never reused. */
  @Column({ type: 'uuid', name: 'invite_uid', update: false })
  inviteUid!: string;

  /** SEQUENCE of this attendee's invite; raised with every update or cancellation sent. */
  @Column('integer', { name: 'invite_sequence', default: 0 })
  inviteSequence!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  /** When a seat opened up for this party on the waitlist. */
  @Column({ type: 'timestamptz', name: 'promoted_at', nullable: true, precision: 3 })
  promotedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true, precision: 3 })
  cancelledAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true, precision: 3 })
  erasedAt!: Date | null;
}

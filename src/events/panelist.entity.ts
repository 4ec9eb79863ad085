import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '../common/languages.js';

export const PANELIST_ROLES = ['panelist', 'moderator'] as const;
export type PanelistRole = (typeof PANELIST_ROLES)[number];
export const PANELIST_STATUSES = ['invited', 'confirmed', 'declined'] as const;
export type PanelistStatus = (typeof PANELIST_STATUSES)[number];

@Entity('panelists')
export class Panelist {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  name!: string;

  /** Private: never in a public view. Unique per event, case-insensitively. */
  @Column('text')
  email!: string;

  @Column('text', { nullable: true })
  affiliation!: string | null;

  @Column('text', { nullable: true })
  bio!: string | null;

  @Column('text')
  role!: PanelistRole;

  @Column('text', { default: 'en' })
  language!: Language;

  @Column('text', { default: 'invited' })
  status!: PanelistStatus;

  /** SHA-256 of the private link token; the token itself is only ever in the invitation email. */
  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  /** The UID of this panelist's calendar invite: one per person and event, never reused. */
  @Column('uuid', { name: 'invite_uid', default: () => 'gen_random_uuid()' })
  inviteUid!: string;

  /** SEQUENCE of this panelist's invite; raised by the mail notifications with every update sent. */
  @Column('integer', { name: 'invite_sequence', default: 0 })
  inviteSequence!: number;

  /** Invitation order (an identity column: panelists invited in one transaction share created_at). */
  @Column({ type: 'bigint', insert: false, update: false })
  position!: string;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

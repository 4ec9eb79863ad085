import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['owner', 'organizer', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

@Entity('organizers')
export class Organizer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('text')
  name!: string;

  /** Unique case-insensitively (index on lower(email)); stored as typed. */
  @Column('text')
  email!: string;

  /** Null until an invited member sets a password through the emailed link. */
  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  @Column('text')
  role!: Role;

  @Column('text', { name: 'invitation_token_hash', nullable: true })
  invitationTokenHash!: string | null;

  @Column('timestamptz', { name: 'invitation_expires_at', nullable: true })
  invitationExpiresAt!: Date | null;

  /** Access tokens issued before this instant are refused (a password change or reset). */
  @Column('timestamptz', { name: 'sessions_revoked_at', nullable: true })
  sessionsRevokedAt!: Date | null;

  @Column('text', { name: 'password_reset_token_hash', nullable: true })
  passwordResetTokenHash!: string | null;

  @Column('timestamptz', { name: 'password_reset_expires_at', nullable: true })
  passwordResetExpiresAt!: Date | null;

  /** Set once the organizer showed they read this address: a confirmation link, an invitation or a password reset. */
  @Column('timestamptz', { name: 'email_confirmed_at', nullable: true })
  emailConfirmedAt!: Date | null;

  @Column('text', { name: 'email_confirmation_token_hash', nullable: true })
  emailConfirmationTokenHash!: string | null;

  @Column('timestamptz', { name: 'email_confirmation_expires_at', nullable: true })
  emailConfirmationExpiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

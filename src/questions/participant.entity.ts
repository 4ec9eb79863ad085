import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An anonymous identity for asking and voting at one event: no name, email, address or agent. */
@Entity('participants')
export class Participant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  /** SHA-256 of the participant token; null for a participant standing for an RSVP. */
  @Column('text', { name: 'token_hash', nullable: true })
  tokenHash!: string | null;

  /** The RSVP whose manage token is used as this participant's token. */
  @Column('uuid', { name: 'rsvp_id', nullable: true })
  rsvpId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

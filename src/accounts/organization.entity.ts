import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { unique: true })
  slug!: string;

  /** Public address used as calendar ORGANIZER and Reply-To; null falls back to MAIL_FROM. */
  @Column('text', { name: 'contact_email', nullable: true })
  contactEmail!: string | null;

  /** IANA zone the forum editor starts in; null: the zone of the latest forum. */
  @Column('text', { nullable: true })
  timezone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

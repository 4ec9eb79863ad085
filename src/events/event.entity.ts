import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const MODERATION_MODES = ['pre', 'post'] as const;
export type ModerationMode = (typeof MODERATION_MODES)[number];
/** How much an attendee must give to hold a seat: an email, or only a name if they wish, or never an email. */
export const RSVP_CONTACTS = ['email-required', 'email-optional', 'none'] as const;
export type RsvpContact = (typeof RSVP_CONTACTS)[number];

@Entity('events')
export class Event {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  /** The current address; former ones stay in event_slugs and redirect here. Null while a draft: drafts claim none. */
  @Column('text', { nullable: true })
  slug!: string | null;

  /** The address the organizer chose for a draft, claimed when it is published; null otherwise. */
  @Column('text', { name: 'requested_slug', nullable: true })
  requestedSlug!: string | null;

  /** The organizer typed the slug; until then it is made of the title and date, again when the date moves. */
  @Column('boolean', { name: 'slug_chosen', default: false })
  slugChosen!: boolean;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  summary!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  /** Optional Spanish texts, shown to Spanish readers in place of the English ones, field by field. */
  @Column('text', { name: 'title_es', nullable: true })
  titleEs!: string | null;

  @Column('text', { name: 'summary_es', nullable: true })
  summaryEs!: string | null;

  @Column('text', { name: 'description_es', nullable: true })
  descriptionEs!: string | null;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  /** IANA name; instants are shown and invited in this zone. */
  @Column('text')
  timezone!: string;

  /** Null when the event has no physical venue. */
  @Column('text', { name: 'venue_name', nullable: true })
  venueName!: string | null;

  @Column('text', { name: 'venue_address', nullable: true })
  venueAddress!: string | null;

  @Column('text', { name: 'venue_room', nullable: true })
  venueRoom!: string | null;

  @Column('text', { name: 'venue_accessibility_notes', nullable: true })
  venueAccessibilityNotes!: string | null;

  @Column('text', { name: 'online_url', nullable: true })
  onlineUrl!: string | null;

  /** Null means unlimited. */
  @Column('integer', { nullable: true })
  capacity!: number | null;

  /** Seats held by confirmed RSVPs; a CHECK keeps it within capacity under any concurrency. */
  @Column('integer', { name: 'seats_taken', default: 0 })
  seatsTaken!: number;

  /** Waiting RSVPs (parties), kept by a trigger on rsvps; read-only here. */
  @Column({ type: 'integer', insert: false, update: false })
  waitlisted!: number;

  @Column('boolean', { name: 'waitlist_enabled', default: true })
  waitlistEnabled!: boolean;

  @Column('integer', { name: 'max_party_size', default: 4 })
  maxPartySize!: number;

  @Column('text', { name: 'rsvp_contact', default: 'email-required' })
  rsvpContact!: RsvpContact;

  /** Seats that bookings without an email may hold, waiting or confirmed; null: only the capacity limits them. */
  @Column('integer', { name: 'no_email_seat_cap', nullable: true })
  noEmailSeatCap!: number | null;

  /** Seats held (waiting or confirmed) by bookings without an email, kept by a trigger on rsvps; read-only here. */
  @Column({ type: 'integer', name: 'no_email_seats', insert: false, update: false })
  noEmailSeats!: number;

  @Column('text', { array: true, default: () => `'{en}'` })
  languages!: string[];

  @Column('text', { nullable: true })
  interpretation!: string | null;

  @Column('boolean', { name: 'questions_enabled', default: true })
  questionsEnabled!: boolean;

  @Column('text', { name: 'questions_moderation', default: 'pre' })
  questionsModeration!: ModerationMode;

  @Column('boolean', { name: 'questions_allow_anonymous', default: true })
  questionsAllowAnonymous!: boolean;

  @Column('text', { default: 'draft' })
  status!: EventStatus;

  /** iCalendar SEQUENCE of the event itself: rises with each change attendees must be told. */
  @Column('integer', { default: 0 })
  sequence!: number;

  /** Rises with every saved change of the event (not its bookings): what If-Match and the editor compare. */
  @Column('integer', { default: 1 })
  version!: number;

  @Column('text', { name: 'cancellation_reason', nullable: true })
  cancellationReason!: string | null;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  /** When retention or an owner erased the event's personal data; set by that erasure alone. */
  @Column({ type: 'timestamptz', name: 'personal_data_erased_at', nullable: true, insert: false, update: false })
  personalDataErasedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

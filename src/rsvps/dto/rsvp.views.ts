import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '../../common/time.js';
import { EventPublicView } from '../../events/dto/event.views.js';
import type { PlacedRsvp } from '../rsvps.repository.js';
import { RSVP_STATUSES, type RsvpStatus } from '../rsvp.entity.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

export class RsvpAcceptedView {
  @ApiProperty({ example: 'Thank you. Check your email: we have sent what happens next to the address you gave.' })
  message!: string;
}

/** The attendee's own view of their RSVP. */
export class RsvpView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RSVP_STATUSES }) status!: RsvpStatus;
  @ApiProperty() partySize!: number;
  @ApiProperty({ enum: LANGUAGES }) language!: Language;
  @ApiProperty({ nullable: true, type: String }) accessibilityNeeds!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '1 for the head of the waitlist; null unless waiting.' })
  waitlistPosition!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'K7P-4QX', description: 'Set once confirmed.' })
  checkInCode!: string | null;

  static of(rsvp: PlacedRsvp): RsvpView {
    return {
      id: rsvp.id,
      status: rsvp.status,
      partySize: rsvp.partySize,
      language: rsvp.language,
      accessibilityNeeds: rsvp.accessibilityNeeds,
      waitlistPosition: rsvp.waitlistPosition,
      checkInCode: rsvp.checkInCode,
    };
  }
}

/** A booking without an email: shown once to the browser that made it, as nobody can send it later. */
export class RsvpBookedView {
  @ApiProperty({ type: () => RsvpView }) rsvp!: RsvpView;
  @ApiProperty({
    description:
      "The only copy of the secret manage token: `/rsvp/<token>` is the attendee's page and `/api/rsvps/<token>/calendar.ics` their calendar feed.",
    example: 'm2YdN8yq3Qe0K9wXb5Tc7uVj1aHs4LpZ6rGfD2kE0nA',
  })
  manageToken!: string;
}

/** An ALTCHA challenge (PoW v2) to solve in the browser before booking without an email. */
export class RsvpChallengeView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "algorithm, cost, nonce, salt, keyLength, keyPrefix, keySignature, expiresAt: as ALTCHA's solvers expect them.",
  })
  parameters!: Record<string, unknown>;
  @ApiProperty() signature!: string;
}

export class RsvpManageView {
  @ApiProperty({ type: RsvpView }) rsvp!: RsvpView;
  @ApiProperty({ type: EventPublicView }) event!: EventPublicView;
}

export class RsvpCancelledView {
  @ApiProperty({ type: RsvpView }) rsvp!: RsvpView;
}

/** Owners' and organizers' view: the person, for the door list and planning. */
export class RsvpOrganizerView extends RsvpView {
  @ApiProperty({ nullable: true, type: String, description: 'null once erased.' }) name!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null once erased.' }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) checkedInAt!: string | null;
  @ApiProperty() createdAt!: string;

  static ofEvent(timezone: string) {
    return (rsvp: PlacedRsvp): RsvpOrganizerView => ({
      ...RsvpView.of(rsvp),
      name: rsvp.name,
      email: rsvp.email,
      checkedInAt: rsvp.checkedInAt && formatInstant(rsvp.checkedInAt, timezone),
      createdAt: formatInstant(rsvp.createdAt, timezone),
    });
  }
}

export class RsvpPage {
  @ApiProperty({ type: [RsvpOrganizerView] }) items!: RsvpOrganizerView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** What the door sees after a check-in: enough to seat the party, nothing about the person. */
export class CheckInView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RSVP_STATUSES }) status!: RsvpStatus;
  @ApiProperty() partySize!: number;
  @ApiProperty({ nullable: true, type: String }) checkInCode!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the party was checked in; null after an undo.' }) checkedInAt!:
    string | null;
  @ApiProperty({ description: 'True when this code or id had been checked in before (entering it twice is harmless).' })
  alreadyCheckedIn!: boolean;
}

export class ErasureView {
  @ApiProperty({ description: 'RSVPs whose personal data was erased by this request.' }) rsvpsErased!: number;
}

export class ReleasedView {
  @ApiProperty({ description: 'Active bookings of the window now cancelled (each attendee told by email).' }) released!: number;
}

import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '../../common/time.js';
import type { Organization } from '../../accounts/organization.entity.js';
import type { Panelist } from '../../events/panelist.entity.js';
import { PanelistPublicView } from './panelist-public.views.js';
import {
  EVENT_STATUSES,
  MODERATION_MODES,
  RSVP_CONTACTS,
  type Event,
  type EventStatus,
  type ModerationMode,
  type RsvpContact,
} from '../event.entity.js';
import { addressOf, FEW_SEATS, LIMITED_SEATS, SEAT_AVAILABILITIES, seatAvailability, type SeatAvailability } from '../event-rules.js';

export class VenueView {
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) room!: string | null;
  @ApiProperty({ nullable: true, type: String }) accessibilityNotes!: string | null;
}

export class SpanishTextsView {
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}

export class QuestionSettingsView {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: MODERATION_MODES }) moderation!: ModerationMode;
  @ApiProperty() allowAnonymous!: boolean;
}

/** Exact counts, for members of the organization only. */
export class SeatsView {
  @ApiProperty({ nullable: true, type: Number, description: 'null: unlimited.' }) capacity!: number | null;
  @ApiProperty({ description: 'Seats held by confirmed RSVPs.' }) taken!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited.' }) left!: number | null;
  @ApiProperty({ description: 'Waiting RSVPs (parties).' }) waitlisted!: number;

  static of(event: Event): SeatsView {
    return {
      capacity: event.capacity,
      taken: event.seatsTaken,
      left: event.capacity === null ? null : Math.max(0, event.capacity - event.seatsTaken),
      waitlisted: event.waitlisted,
    };
  }
}

/** What anyone may see of the seats: whether there is one, in bands that one RSVP rarely moves. */
export class PublicSeatsView {
  @ApiProperty({ nullable: true, type: Number, description: "The hall's capacity as the organizer set it; null: unlimited." })
  capacity!: number | null;
  @ApiProperty({
    enum: SEAT_AVAILABILITIES,
    description:
      `A band, never a count, so that watching it around an RSVP cannot tell whether the address was already booked: ` +
      `\`plenty\` (${LIMITED_SEATS} or more seats left), \`limited\` (fewer than ${LIMITED_SEATS}), \`few\` (${FEW_SEATS} or fewer), ` +
      `\`waitlist\` (full or people waiting: a new RSVP joins the waitlist), \`full\` (and no waitlist), \`unlimited\` (no capacity). ` +
      "Exact counts are for members of the organization: `GET /api/events/{id}/stats` and the members' event views.",
  })
  availability!: SeatAvailability;

  static of(event: Event): PublicSeatsView {
    return { capacity: event.capacity, availability: seatAvailability(event) };
  }
}

/** The event's fields, shared by both views; instants in the event's own offset. */
abstract class EventFields {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({
    type: SpanishTextsView,
    nullable: true,
    description: 'The Spanish texts, if any was given: Spanish readers see each in place of the English one.',
  })
  es!: SpanishTextsView | null;
  @ApiProperty({ example: '2026-12-03T18:30:00-05:00' }) startsAt!: string;
  @ApiProperty({ example: '2026-12-03T20:30:00-05:00' }) endsAt!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: VenueView, nullable: true }) venue!: VenueView | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl!: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty() waitlistEnabled!: boolean;
  @ApiProperty() maxPartySize!: number;
  @ApiProperty({ enum: RSVP_CONTACTS, description: 'Whether an RSVP needs an email address (see POST /api/events/{id}/rsvps).' })
  rsvpContact!: RsvpContact;
  @ApiProperty({ type: [String], example: ['en', 'es'] }) languages!: string[];
  @ApiProperty({ nullable: true, type: String }) interpretation!: string | null;
  @ApiProperty({ type: QuestionSettingsView }) questions!: QuestionSettingsView;
  @ApiProperty({ enum: EVENT_STATUSES }) status!: EventStatus;
  @ApiProperty({ description: 'iCalendar SEQUENCE: rises with each change of time, place or status.' })
  sequence!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Set when cancelled.' }) cancellationReason!: string | null;
}

function eventFields(event: Event): EventFields {
  const at = (instant: Date) => formatInstant(instant, event.timezone);
  return {
    id: event.id,
    title: event.title,
    summary: event.summary,
    description: event.description,
    es:
      event.titleEs === null && event.summaryEs === null && event.descriptionEs === null
        ? null
        : { title: event.titleEs, summary: event.summaryEs, description: event.descriptionEs },
    startsAt: at(event.startsAt),
    endsAt: at(event.endsAt),
    timezone: event.timezone,
    venue:
      event.venueName === null
        ? null
        : {
            name: event.venueName,
            address: event.venueAddress,
            room: event.venueRoom,
            accessibilityNotes: event.venueAccessibilityNotes,
          },
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    waitlistEnabled: event.waitlistEnabled,
    maxPartySize: event.maxPartySize,
    rsvpContact: event.rsvpContact,
    languages: event.languages,
    interpretation: event.interpretation,
    questions: {
      enabled: event.questionsEnabled,
      moderation: event.questionsModeration,
      allowAnonymous: event.questionsAllowAnonymous,
    },
    status: event.status,
    sequence: event.sequence,
    cancellationReason: event.cancellationReason,
  };
}

/** Organization members' view. */
export class EventView extends EventFields {
  @ApiProperty({
    example: 'community-forum-2026-12-03',
    nullable: true,
    type: String,
    description:
      'The current address; former ones redirect (301) to it. Null while a draft: a draft claims no address ' +
      '(members reach it by its id) until it is published.',
  })
  slug!: string | null;
  @ApiProperty({ type: SeatsView }) seats!: SeatsView;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Seats bookings without an email may hold in all; null: no cap but the capacity.',
  })
  noEmailSeatCap!: number | null;
  @ApiProperty({ description: 'Seats held, waiting or confirmed, by bookings made without an email address.' })
  seatsWithoutEmail!: number;
  @ApiProperty({
    description: "Rises with every saved change of the event (not with bookings): its ETag, which PATCH's If-Match names.",
  })
  version!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The address chosen for a draft, claimed when it is published (a 409 `slug-taken` then if another event ' +
      'took it meanwhile); null when none was chosen (one is made of the title and date at publishing) or once published.',
  })
  requestedSlug!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "When its attendees' personal data was erased (retention or an owner); null until then.",
  })
  personalDataErasedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static of(event: Event): EventView {
    const at = (instant: Date | null | undefined) => (instant ? formatInstant(instant, event.timezone) : null);
    return {
      ...eventFields(event),
      slug: event.slug,
      seats: SeatsView.of(event),
      noEmailSeatCap: event.noEmailSeatCap,
      seatsWithoutEmail: event.noEmailSeats,
      version: event.version,
      requestedSlug: event.requestedSlug,
      publishedAt: at(event.publishedAt),
      personalDataErasedAt: at(event.personalDataErasedAt),
      createdAt: formatInstant(event.createdAt, event.timezone),
      updatedAt: formatInstant(event.updatedAt, event.timezone),
    };
  }
}

export class OrganizationSummaryView {
  @ApiProperty() name!: string;
  @ApiProperty() slug!: string;
}

/**
 * What anyone may see: no internal timestamps, seats as a band, only confirmed panelists'
 * public fields. The same for every caller, a member's token included (members read exact
 * seats from the members' views and stats), but for `version`, which members of the event's
 * organization get to edit with.
 */
export class EventPublicView extends EventFields {
  @ApiProperty({
    example: 'community-forum-2026-12-03',
    description:
      'The current address; former ones redirect (301) to it. A draft, which only its organization sees, claims ' +
      'none until published: its id stands in, the address its pages are reached by.',
  })
  slug!: string;
  @ApiProperty({ type: PublicSeatsView }) seats!: PublicSeatsView;
  @ApiProperty({
    required: false,
    description:
      "Only for members of the event's organization (also its `ETag`): the version PATCH's If-Match names. " +
      'Anonymous readers get a validator of the content as ETag instead.',
  })
  version?: number;
  @ApiProperty({ type: OrganizationSummaryView }) organization!: OrganizationSummaryView;
  @ApiProperty({ type: [PanelistPublicView], description: 'Confirmed panelists only.' })
  panelists!: PanelistPublicView[];

  static of(event: Event, organization: Organization, confirmedPanelists: Panelist[]): EventPublicView {
    return {
      ...eventFields(event),
      slug: addressOf(event),
      seats: PublicSeatsView.of(event),
      organization: { name: organization.name, slug: organization.slug },
      panelists: confirmedPanelists.map(PanelistPublicView.of),
    };
  }
}

export class EventPublicPage {
  @ApiProperty({ type: [EventPublicView] }) items!: EventPublicView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class EventPage {
  @ApiProperty({ type: [EventView] }) items!: EventView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

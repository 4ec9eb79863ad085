import { ApiProperty } from '@nestjs/swagger';
import { SeatsView } from '../../events/dto/event.views.js';

export class RsvpCountsView {
  @ApiProperty() confirmed!: number;
  @ApiProperty() waitlisted!: number;
  @ApiProperty() cancelled!: number;
}

export class QuestionCountsView {
  @ApiProperty() pending!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() answered!: number;
}

export class PanelistCountsView {
  @ApiProperty() invited!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() declined!: number;
}

export class AccessibilityCountsView {
  @ApiProperty({
    description: 'Confirmed parties that told of accessibility needs (the needs themselves are never counted or shown here).',
  })
  parties!: number;
  @ApiProperty({ description: 'Their seats.' }) seats!: number;
}

export class BookingsPointView {
  @ApiProperty({ format: 'date-time', description: "The start of the period, in the event's time zone." }) at!: string;
  @ApiProperty({ description: 'Seats of RSVPs confirmed now, booked up to the end of this period.' }) confirmedSeats!: number;
  @ApiProperty({ description: 'Seats of RSVPs on the waitlist now, booked up to the end of this period.' }) waitlistedSeats!: number;
}

export class BookingsOverTimeView {
  @ApiProperty({ enum: ['hour', 'day', 'week'], description: 'Hours over two days or less, days up to three months, weeks beyond.' })
  unit!: string;
  @ApiProperty({ type: [BookingsPointView] }) points!: BookingsPointView[];
}

export class ArrivalPointView {
  @ApiProperty({ format: 'date-time', description: 'The start of a quarter hour.' }) at!: string;
  @ApiProperty({ description: 'People of parties checked in then, plus walk-ins counted then.' }) people!: number;
}

/** Counts only, never a person: moderators may read these. */
export class EventStatsView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ type: SeatsView }) seats!: SeatsView;
  @ApiProperty({ type: RsvpCountsView, description: 'RSVPs (parties) by status.' }) rsvps!: RsvpCountsView;
  @ApiProperty({ description: 'Confirmed RSVPs checked in.' }) checkedIn!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { en: 120, es: 30 },
    description: 'Seats of confirmed RSVPs by the language they chose.',
  })
  attendeesByLanguage!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 1: 40, 2: 25, 4: 6 },
    description: 'Confirmed parties by their size.',
  })
  partySizes!: Record<string, number>;
  @ApiProperty({ type: AccessibilityCountsView }) accessibilityNeeds!: AccessibilityCountsView;
  @ApiProperty({ description: 'People let in at the door without an RSVP.' }) walkIns!: number;
  @ApiProperty({ type: BookingsOverTimeView }) bookingsOverTime!: BookingsOverTimeView;
  @ApiProperty({ type: [ArrivalPointView], description: 'Arrivals by the quarter hour, from the first to the last.' })
  arrivals!: ArrivalPointView[];
  @ApiProperty({ type: QuestionCountsView }) questions!: QuestionCountsView;
  @ApiProperty({ type: PanelistCountsView }) panelists!: PanelistCountsView;
}

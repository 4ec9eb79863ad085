import { ApiProperty } from '@nestjs/swagger';
import { SeatsView } from './event.views.js';

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
  @ApiProperty({ type: QuestionCountsView }) questions!: QuestionCountsView;
  @ApiProperty({ type: PanelistCountsView }) panelists!: PanelistCountsView;
}

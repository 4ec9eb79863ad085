import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsPlainEmail, MultilineText } from '../../common/text.js';
import { IsInstant } from '../../events/dto/event.dto.js';
import { trim, Omittable } from '../../common/transforms.js';
import { RSVP_STATUSES, type RsvpStatus } from '../rsvp.entity.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

/** The hard limit of the schema; each event's own maxPartySize is checked by the service. */
const PARTY_LIMIT = 20;

const EXAMPLE_NEEDS = 'A seat near the front: hard of hearing.';

export class CreateRsvpDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Rosa Martínez' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    description:
      "Private: the outcome and the manage link go here (202). Leave it out, where the event's `rsvpContact` allows, to book " +
      'without one (201, with `altcha`); with `rsvpContact: "none"` it is refused.',
    example: 'rosa.martinez@example.org',
  })
  @IsOptional()
  @Transform(trim)
  @MaxLength(254)
  @IsPlainEmail()
  email?: string;

  @ApiPropertyOptional({
    description:
      'Only without `email`: a solved ALTCHA proof of work (the base64 payload) of a challenge from GET /api/rsvp-challenge, used once.',
    maxLength: 4000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  altcha?: string;

  @ApiProperty({ minimum: 1, maximum: PARTY_LIMIT, description: "Seats for the whole party, up to the event's maxPartySize.", example: 2 })
  @IsInt()
  @Min(1)
  @Max(PARTY_LIMIT)
  partySize!: number;

  @ApiProperty({ enum: LANGUAGES, example: 'es' })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 1000,
    description: 'Private: seen by organizers only.',
    example: EXAMPLE_NEEDS,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  accessibilityNeeds?: string | null;
}

export class UpdateRsvpDto {
  @ApiPropertyOptional({ minimum: 1, maximum: PARTY_LIMIT, example: 2 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(PARTY_LIMIT)
  partySize?: number;

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'es' })
  @Omittable()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 1000, example: EXAMPLE_NEEDS })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  accessibilityNeeds?: string | null;
}

export class CancelRsvpQuery {
  @ApiPropertyOptional({ description: 'Also erase your name, email and needs at once; the link then stops working.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  erase?: boolean;
}

export class RsvpListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RSVP_STATUSES })
  @IsOptional()
  @IsIn(RSVP_STATUSES)
  status?: RsvpStatus;

  @ApiPropertyOptional({ maxLength: 200, example: 'rosa', description: 'Only RSVPs whose name or email contains this text (any case).' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: every matching RSVP as text/csv, unpaginated.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class CheckInByCodeDto {
  @ApiProperty({ example: 'K7P-4QX', description: 'As printed in the confirmation; case, spaces and the dash do not matter.' })
  @IsString()
  @Length(1, 20)
  code!: string;
}

export class ReleaseRsvpsDto {
  @ApiProperty({ example: '2026-12-01T21:14:00-05:00', description: 'Bookings created at or after this instant (to the second)…' })
  @IsInstant()
  from!: string;

  @ApiProperty({
    example: '2026-12-01T21:16:00-05:00',
    description: '…and up to this instant, its whole second included (as createdAt shows it in the list).',
  })
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({ default: false, description: 'Only bookings made without an email address (a burst of fake names there).' })
  @IsOptional()
  @IsBoolean()
  withoutEmailOnly?: boolean;
}

import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { DateTime } from 'luxon';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { MultilineText } from '../../common/text.js';
import { trim, Omittable } from '../../common/transforms.js';
import { IsTimeZone } from '../../common/is-time-zone.js';
import { EARLIEST_YEAR, isDateTimeText, LATEST_YEAR } from '../../common/time.js';
import { isUuid } from '../../common/ids.js';
import { MODERATION_MODES, RSVP_CONTACTS, type ModerationMode, type RsvpContact } from '../event.entity.js';

/**
 * ISO 639 codes of the languages most spoken in the communities such forums serve, plus `ase`
 * (American Sign Language): enough to label an event, small enough that a typo is caught.
 */
export const EVENT_LANGUAGES = [
  'en',
  'es',
  'fr',
  'ht',
  'pt',
  'zh',
  'ar',
  'ru',
  'uk',
  'vi',
  'ko',
  'tl',
  'pl',
  'it',
  'de',
  'ja',
  'hi',
  'bn',
  'ur',
  'fa',
  'so',
  'sw',
  'ne',
  'my',
  'ase',
] as const;

/** A month ahead of the server's start, at 18:30 in New York: an example event can be published and booked. */
const EXAMPLE_START = DateTime.now()
  .setZone('America/New_York')
  .plus({ months: 1 })
  .set({ hour: 18, minute: 30, second: 0, millisecond: 0 });

export const IsInstant = () =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value) => typeof value === 'string' && isDateTimeText(value),
      defaultMessage: () =>
        `must be an ISO 8601 date and time from ${EARLIEST_YEAR} to ${LATEST_YEAR}, e.g. 2026-09-11T18:30:00-04:00 or 2026-09-11T18:30`,
    },
  });

/** Lower-case letters and digits in words joined by single hyphens; never an id's shape, which the routes read as an id. */
const IsSlug = () =>
  ValidateBy({
    name: 'isSlug',
    validator: {
      validate: (value) => typeof value === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) && !isUuid(value),
      defaultMessage: () => 'must be lower-case letters, digits and single hyphens, like know-your-rights-2027',
    },
  });

const INSTANT_DESCRIPTION =
  "ISO 8601, kept to the second, read in the event's `timezone` (on a change, the zone it will have): with that zone's " +
  'offset at that time (`2026-12-03T18:30:00-05:00`; another offset is refused, naming the right one), in UTC ' +
  '(`2026-12-03T23:30:00Z`), or as a local time without offset (`2026-12-03T18:30`; a time the clocks skip is ' +
  `refused, one they repeat is the first). Years ${EARLIEST_YEAR} to ${LATEST_YEAR}.`;

export class VenueDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'United Presbyterian Church, fellowship hall' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, example: '42 Main Street, Binghamton, NY 13905' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  @MultilineText()
  address?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200, example: 'Ground floor' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  room?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000, example: 'Step-free entrance on Main St.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  accessibilityNotes?: string | null;
}

export class SpanishTextsDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 200,
    example: 'Foro comunitario: la inmigración en el condado de Broome',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, example: 'Qué cambia para las familias y dónde encontrar ayuda.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  summary?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @MultilineText()
  description?: string | null;
}

export class QuestionSettingsDto {
  @ApiPropertyOptional({ default: true })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: MODERATION_MODES, default: 'pre' })
  @Omittable()
  @IsIn(MODERATION_MODES)
  moderation?: ModerationMode;

  @ApiPropertyOptional({ default: true })
  @Omittable()
  @IsBoolean()
  allowAnonymous?: boolean;
}

export class CreateEventDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Community forum: immigration enforcement in Broome County' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({
    minLength: 3,
    maxLength: 80,
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
    example: 'know-your-rights-binghamton',
    description:
      "The address of the event's page (`/events/<slug>`). Omitted: made of the title and the local date " +
      '(`know-your-rights-2027-01-14`), made again when the date moves, until a slug is chosen (sending the ' +
      'current automatic slug back, as a form that shows it does, chooses nothing). Every former ' +
      "slug keeps answering with a 301 to the current one, so it can never be another event's (409).",
  })
  @Omittable()
  @IsString()
  @Length(3, 80)
  @IsSlug()
  slug?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, example: 'What changes for families, and where to find help.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  summary?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 20000,
    example: 'An immigration attorney, a school counselor and a county legislator answer the questions of the neighborhood.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional({
    type: SpanishTextsDto,
    nullable: true,
    description:
      'Optional Spanish title, summary and description, shown to Spanish readers (pages and emails) in place of the English ones, each where given. Replaced as a whole; null removes them.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SpanishTextsDto)
  es?: SpanishTextsDto | null;

  @ApiProperty({ example: EXAMPLE_START.toISO({ suppressMilliseconds: true }), description: INSTANT_DESCRIPTION })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({
    example: EXAMPLE_START.plus({ hours: 2 }).toISO({ suppressMilliseconds: true }),
    description: `After startsAt. ${INSTANT_DESCRIPTION}`,
  })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({ example: 'America/New_York' })
  @IsTimeZone()
  timezone!: string;

  @ApiPropertyOptional({ type: VenueDto, nullable: true, description: 'null: no physical venue.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => VenueDto)
  venue?: VenueDto | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://example.org/live' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  onlineUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 100000, description: 'null: unlimited.', example: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional({ default: true })
  @Omittable()
  @IsBoolean()
  waitlistEnabled?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 4 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(20)
  maxPartySize?: number;

  @ApiPropertyOptional({
    enum: RSVP_CONTACTS,
    default: 'email-required',
    description:
      '`email-optional`: an attendee may book with a name alone (a proof of work replaces the address); `none`: no email is ever asked.',
  })
  @Omittable()
  @IsIn(RSVP_CONTACTS)
  rsvpContact?: RsvpContact;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1,
    maximum: 100000,
    description: 'Seats (waiting or confirmed) that bookings without an email may hold in all; null: only the capacity limits them.',
    example: 60,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  noEmailSeatCap?: number | null;

  @ApiPropertyOptional({ enum: EVENT_LANGUAGES, isArray: true, default: ['en'], example: ['en', 'es'] })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(EVENT_LANGUAGES, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500, example: 'Spanish and ASL interpretation' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  interpretation?: string | null;

  @ApiPropertyOptional({ type: QuestionSettingsDto })
  @Omittable()
  @ValidateNested()
  @Type(() => QuestionSettingsDto)
  questions?: QuestionSettingsDto;
}

/** Every field optional; null only where null means something (no venue, unlimited capacity). */
export class UpdateEventDto extends PartialType(CreateEventDto, { skipNullProperties: false }) {}

export class CancelEventDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'The hall is closed by the storm; we will announce a new date.' })
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  @MultilineText()
  reason!: string;
}

export class PublicEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['upcoming', 'past'], default: 'upcoming' })
  @IsOptional()
  @IsIn(['upcoming', 'past'])
  when: 'upcoming' | 'past' = 'upcoming';
}

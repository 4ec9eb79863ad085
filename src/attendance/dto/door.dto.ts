import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { RSVP_STATUSES, type RsvpStatus } from '../../rsvps/rsvp.entity.js';
import { AttendanceView } from './attendance.dto.js';

/** An instant with its offset, as a device's clock gives it (`toISOString()`). */
const DEVICE_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
export const SYNC_MAX_ITEMS = 500;

export class DoorListQuery {
  @ApiPropertyOptional({ description: 'Also the waiting parties (true).' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  waitlisted?: boolean;
}

export class DoorPartyView {
  @ApiProperty({ format: 'uuid' }) rsvpId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'K7P-4QX' }) code!: string | null;
  @ApiProperty() partySize!: number;
  @ApiProperty({ enum: RSVP_STATUSES }) status!: RsvpStatus;
  @ApiProperty({ nullable: true, type: String }) checkedInAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Only for owners and organizers; moderators get no name key.' })
  name?: string | null;
}

export class DoorListView {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: [DoorPartyView] }) parties!: DoorPartyView[];
}

export class SyncCheckInDto {
  @ApiProperty({ format: 'uuid', description: 'Made on the device: sending the item again records it once.' })
  @IsUUID()
  id!: string;

  @ApiProperty({ example: 'K7P-4QX' })
  @IsString()
  @Length(1, 20)
  code!: string;

  @ApiProperty({
    example: '2026-12-03T23:41:07.120Z',
    description: "The device's instant of the scan; kept within the door's hours and never after now.",
  })
  @Matches(DEVICE_INSTANT, { message: 'at must be an instant with its offset, e.g. 2026-12-03T23:41:07.120Z' })
  at!: string;

  @ApiPropertyOptional({ description: 'Takes a check-in back; applies only when it is the latest action for that party.' })
  @IsOptional()
  @IsBoolean()
  undo?: boolean;
}

export class SyncWalkInDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @ApiProperty({ minimum: -10, maximum: 10, example: 1 })
  @IsInt()
  @Min(-10)
  @Max(10)
  @NotEquals(0)
  delta!: number;

  @ApiProperty({ example: '2026-12-03T23:41:07.120Z' })
  @Matches(DEVICE_INSTANT, { message: 'at must be an instant with its offset, e.g. 2026-12-03T23:41:07.120Z' })
  at!: string;
}

export class SyncDto {
  @ApiProperty({ example: 'door-3f9a', description: 'A short opaque name of the device (letters, digits, - _ . :), never personal data.' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,40}$/, { message: 'device must be 1 to 40 letters, digits or - _ . :' })
  device!: string;

  @ApiProperty({
    type: [SyncCheckInDto],
    example: [{ id: '0b6c3f7e-5a3b-4b8e-9d0f-2c1a7e4b9d21', code: 'K7P-4QX', at: '2026-12-03T23:41:07.120Z' }],
  })
  @IsArray()
  @ArrayMaxSize(SYNC_MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => SyncCheckInDto)
  checkIns!: SyncCheckInDto[];

  @ApiProperty({
    type: [SyncWalkInDto],
    example: [{ id: '5d2e8a41-7c9b-4f3a-8e6d-1b0c9a7f3e52', delta: 1, at: '2026-12-03T23:42:10.000Z' }],
  })
  @IsArray()
  @ArrayMaxSize(SYNC_MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => SyncWalkInDto)
  walkIns!: SyncWalkInDto[];
}

export const SYNC_OUTCOMES = ['checked-in', 'already', 'unknown', 'not-confirmed', 'undone', 'counted', 'refused'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

export class SyncResultView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: SYNC_OUTCOMES,
    description:
      'Check-ins: checked-in (this scan let the party in), already, unknown, not-confirmed, undone. Walk-ins: counted, or refused (a correction below zero).',
  })
  outcome!: SyncOutcome;
  @ApiPropertyOptional() partySize?: number;
  @ApiPropertyOptional({ nullable: true, type: String }) checkedInAt?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The device whose scan checked the party in; null when it was online.',
  })
  firstDevice?: string | null;
}

export class SyncView {
  @ApiProperty({ type: [SyncResultView] }) results!: SyncResultView[];
  @ApiProperty({ type: AttendanceView }) attendance!: AttendanceView;
}

export class DoubleScanEntry {
  @ApiProperty() device!: string;
  @ApiProperty() at!: string;
}

export class DoubleScanView {
  @ApiProperty() code!: string;
  @ApiProperty() partySize!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Only for owners and organizers.' }) name?: string | null;
  @ApiProperty({ type: [DoubleScanEntry] }) scans!: DoubleScanEntry[];
}

export class DoubleScansView {
  @ApiProperty({ type: [DoubleScanView] }) items!: DoubleScanView[];
}

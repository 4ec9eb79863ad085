import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, NotEquals } from 'class-validator';

export class WalkInDto {
  @ApiProperty({ minimum: -10, maximum: 10, example: 1, description: 'People let in (or, negative, a correction); not 0.' })
  @IsInt()
  @Min(-10)
  @Max(10)
  @NotEquals(0)
  delta!: number;
}

/** Counts only, never a person: every member at every door reads these. */
export class AttendanceView {
  @ApiProperty({ description: 'People let in without an RSVP.' }) walkIns!: number;
  @ApiProperty({ description: 'People inside: checked-in parties plus walk-ins.' }) inside!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The fire-code capacity; null when unlimited.' }) capacity!: number | null;
  @ApiProperty({ description: 'People who arrived in the last 10 minutes (check-ins and walk-ins).' }) arrivalsLast10Minutes!: number;
}

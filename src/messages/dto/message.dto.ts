import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { MultilineText } from '../../common/text.js';
import { trim } from '../../common/transforms.js';
import { MESSAGE_AUDIENCES, type MessageAudience } from '../message-audiences.js';

export const SUBJECT_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 5000;

/** A left-blank (or null) translation is no translation: those readers get the English. */
const blankIsNone = ({ value }: { value: unknown }) =>
  value === null ? undefined : typeof value === 'string' ? value.trim() || undefined : value;

export class MessageSubjectDto {
  @ApiProperty({ minLength: 1, maxLength: SUBJECT_MAX_LENGTH, example: 'The parking lot is closed tonight' })
  @Transform(trim)
  @IsString()
  @Length(1, SUBJECT_MAX_LENGTH)
  en!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: SUBJECT_MAX_LENGTH, example: 'El estacionamiento está cerrado esta noche' })
  @IsOptional()
  @Transform(blankIsNone)
  @IsString()
  @Length(1, SUBJECT_MAX_LENGTH)
  es?: string;
}

export class MessageBodyDto {
  @ApiProperty({
    minLength: 1,
    maxLength: BODY_MAX_LENGTH,
    description: 'Plain text; blank lines separate paragraphs.',
    example: 'The church parking lot is closed for repairs.\n\nPlease park on Court Street; the hall is a short walk away.',
  })
  @Transform(trim)
  @IsString()
  @Length(1, BODY_MAX_LENGTH)
  @MultilineText()
  en!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: BODY_MAX_LENGTH, description: 'Plain text; blank lines separate paragraphs.' })
  @IsOptional()
  @Transform(blankIsNone)
  @IsString()
  @Length(1, BODY_MAX_LENGTH)
  @MultilineText()
  es?: string;
}

/** A message in English and optionally Spanish (subject and body both, or neither). */
export class SendMessageDto {
  @ApiProperty({
    enum: MESSAGE_AUDIENCES,
    example: 'confirmed',
    description: 'confirmed attendees, the waitlist, attendees checked in, or the panelists who have not declined.',
  })
  @IsIn(MESSAGE_AUDIENCES)
  audience!: MessageAudience;

  @ApiProperty({ type: MessageSubjectDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MessageSubjectDto)
  subject!: MessageSubjectDto;

  @ApiProperty({ type: MessageBodyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MessageBodyDto)
  body!: MessageBodyDto;
}

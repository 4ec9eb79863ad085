import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { MinVisibleLength, MultilineText } from '../../common/text.js';
import { Omittable, trim } from '../../common/transforms.js';
import type { QuestionPatch } from '../question-rules.js';
import { QUESTION_SOURCES, QUESTION_STATUSES, type QuestionSource, type QuestionStatus } from '../question.entity.js';

/** An empty name is no name: the question is anonymous. */
const trimToNull = (params: { value: unknown }) => {
  const trimmed = trim(params);
  return trimmed === '' ? null : trimmed;
};

export class AskQuestionDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 500,
    description: 'Counted after trimming.',
    example: 'Where can a family get free legal advice before a hearing?',
  })
  @Transform(trim)
  @IsString()
  @MinVisibleLength(3)
  @MaxLength(500)
  @MultilineText()
  body!: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 80,
    description: 'Shown publicly; omit or null to ask anonymously.',
    example: 'Rosa',
  })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @Length(1, 80)
  authorName?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A confirmed panelist of the event the question is for; omit it (not null) for the whole panel.',
  })
  @Omittable()
  @IsUUID()
  panelistId?: string;

  @ApiPropertyOptional({
    enum: QUESTION_SOURCES,
    default: 'app',
    description: '`card` (with a Bearer token): a paper card, approved at once.',
  })
  @Omittable()
  @IsIn(QUESTION_SOURCES)
  source?: QuestionSource;
}

/** A moderator panelist's paper card. */
export class PanelAskQuestionDto extends OmitType(AskQuestionDto, ['source'] as const) {}

const SETTABLE_STATUSES = ['approved', 'rejected', 'answered'] as const;

/** Either field may be left out, but null is refused (400), not passed on to the NOT NULL columns. */
export class ModerateQuestionDto implements QuestionPatch {
  @ApiPropertyOptional({ enum: SETTABLE_STATUSES, example: 'approved' })
  @Omittable()
  @IsIn(SETTABLE_STATUSES)
  status?: (typeof SETTABLE_STATUSES)[number];

  @ApiPropertyOptional({ example: true })
  @Omittable()
  @IsBoolean()
  pinned?: boolean;
}

export class QuestionsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: QUESTION_STATUSES,
    description: 'Organization members (or a moderator panelist): one status only, e.g. the `pending` queue.',
  })
  @IsOptional()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;
}

export class StreamQuery {
  @ApiPropertyOptional({
    description:
      'The stream position a page was rendered at (its `data-live` link carries it): changes after it are sent first, so none made while the page loaded is missed. `Last-Event-ID` wins when both are given.',
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'since must be a whole number' })
  since?: string;
}

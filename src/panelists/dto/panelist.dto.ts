import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsPlainEmail, MultilineText } from '../../common/text.js';
import { trim, Omittable } from '../../common/transforms.js';
import { PANELIST_ROLES, type PanelistRole } from '../../events/panelist.entity.js';
import { PanelistPublicView } from '../../events/dto/panelist-public.views.js';
import { PanelistView } from './panelist.views.js';
import { EventPublicView } from '../../events/dto/event.views.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

export class CreatePanelistDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Amina Diallo' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'Private: the invitation goes here; never shown publicly.', example: 'amina.diallo@example.org' })
  @Transform(trim)
  @MaxLength(254)
  @IsPlainEmail()
  email!: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200, example: 'Southern Tier Immigrant Services' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  affiliation?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 2000,
    example: 'Immigration attorney; fifteen years of practice in the Southern Tier.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  bio?: string | null;

  @ApiProperty({ enum: PANELIST_ROLES, example: 'panelist' })
  @IsIn(PANELIST_ROLES)
  role!: PanelistRole;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'Language of their emails.' })
  @Omittable()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class UpdatePanelistDto extends PartialType(CreatePanelistDto, { skipNullProperties: false }) {}

/** What a panelist's private link shows them. */
export class PanelView {
  @ApiProperty({ type: PanelistView }) panelist!: PanelistView;
  @ApiProperty({ type: EventPublicView }) event!: EventPublicView;
}

export class PanelistPage {
  @ApiProperty({ type: [PanelistView], description: 'PanelistView for owners and organizers, else PanelistPublicView.' })
  items!: (PanelistView | PanelistPublicView)[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

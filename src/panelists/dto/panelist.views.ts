import { ApiProperty } from '@nestjs/swagger';
import { PanelistPublicView } from '../../events/dto/panelist-public.views.js';
import { PANELIST_STATUSES, type Panelist, type PanelistStatus } from '../../events/panelist.entity.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

/** The organizers' view, and the panelist's own view of themself. */
export class PanelistView extends PanelistPublicView {
  @ApiProperty() email!: string;
  @ApiProperty({ enum: LANGUAGES, description: 'Language of the emails sent to this panelist.' })
  language!: Language;
  @ApiProperty({ enum: PANELIST_STATUSES }) status!: PanelistStatus;
  @ApiProperty({ nullable: true, type: String, description: 'When they last accepted or declined.' })
  respondedAt!: string | null;
  @ApiProperty() createdAt!: string;

  static override of(panelist: Panelist): PanelistView {
    return {
      ...PanelistPublicView.of(panelist),
      email: panelist.email,
      language: panelist.language,
      status: panelist.status,
      respondedAt: panelist.respondedAt?.toISOString() ?? null,
      createdAt: panelist.createdAt.toISOString(),
    };
  }
}

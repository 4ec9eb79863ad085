import { ApiProperty } from '@nestjs/swagger';
import { PANELIST_ROLES, PANELIST_STATUSES, type Panelist, type PanelistRole, type PanelistStatus } from '../panelist.entity.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

/** What anyone may see of a confirmed panelist: never the email or the status. */
export class PanelistPublicView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) affiliation!: string | null;
  @ApiProperty({ nullable: true, type: String }) bio!: string | null;
  @ApiProperty({ enum: PANELIST_ROLES }) role!: PanelistRole;

  static of(panelist: Panelist): PanelistPublicView {
    return {
      id: panelist.id,
      name: panelist.name,
      affiliation: panelist.affiliation,
      bio: panelist.bio,
      role: panelist.role,
    };
  }
}

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

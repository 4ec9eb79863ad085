import { ApiProperty } from '@nestjs/swagger';
import { PANELIST_ROLES, type Panelist, type PanelistRole } from '../panelist.entity.js';

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

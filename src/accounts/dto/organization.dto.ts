import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsPlainEmail } from '../../common/text.js';
import { Omittable, trim } from '../../common/transforms.js';
import { IsTimeZone } from '../../common/is-time-zone.js';
import type { Organization } from '../organization.entity.js';
import { ROLES, type Organizer, type Role } from '../organizer.entity.js';

export class OrganizationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() slug!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Calendar ORGANIZER and Reply-To; null means MAIL_FROM.' })
  contactEmail!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'America/New_York',
    description: "The zone new forums start in; null: the latest forum's.",
  })
  timezone!: string | null;
  @ApiProperty() createdAt!: string;

  static of(organization: Organization): OrganizationView {
    return {
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      contactEmail: organization.contactEmail,
      timezone: organization.timezone,
      createdAt: organization.createdAt.toISOString(),
    };
  }
}

export class OrganizerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: ['active', 'invited'], description: 'invited: has not set a password yet.' })
  status!: 'active' | 'invited';
  @ApiProperty() createdAt!: string;

  static of(organizer: Organizer): OrganizerView {
    return {
      id: organizer.id,
      organizationId: organizer.organizationId,
      name: organizer.name,
      email: organizer.email,
      role: organizer.role,
      status: organizer.passwordHash ? 'active' : 'invited',
      createdAt: organizer.createdAt.toISOString(),
    };
  }
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Riverside Tenants Association' })
  @Omittable()
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'null returns to the MAIL_FROM address.',
    example: 'forums@example.org',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trim)
  @MaxLength(254)
  @IsPlainEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'America/New_York', description: 'IANA zone new forums start in.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsTimeZone()
  timezone?: string | null;
}

export class InviteMemberDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Marcus Lee' })
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  name!: string;

  @ApiProperty({ example: 'marcus.lee@example.org' })
  @Transform(trim)
  @MaxLength(254)
  @IsPlainEmail()
  email!: string;

  @ApiProperty({ enum: ROLES, example: 'organizer' })
  @IsIn(ROLES)
  role!: Role;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, example: 'moderator' })
  @IsIn(ROLES)
  role!: Role;
}

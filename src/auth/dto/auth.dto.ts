import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { trim } from '../../common/transforms.js';
import { OrganizationView, OrganizerView } from '../../organizations/dto/organization.dto.js';

export class SignupDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Southern Tier Neighbors Coalition' })
  @Transform(trim) @Length(1, 200) @IsString()
  organizationName!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(trim) @Length(1, 200) @IsString()
  name!: string;

  @ApiProperty({ example: 'organizer@example.org' })
  @Transform(trim) @MaxLength(254) @IsEmail()
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' }) @IsString()
  password!: string;
}

export class LoginDto {
  @ApiProperty()
  @Transform(trim) @MaxLength(254) @IsEmail()
  email!: string;

  @ApiProperty()
  @MaxLength(200) @IsString()
  password!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation email.' })
  @Length(22, 128) @IsString()
  token!: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' }) @IsString()
  password!: string;
}

export class AccessTokenView {
  @ApiProperty() accessToken!: string;
}

export class MeView {
  @ApiProperty() organizer!: OrganizerView;
  @ApiProperty() organization!: OrganizationView;
}

export class SessionView extends MeView {
  @ApiProperty() accessToken!: string;
}

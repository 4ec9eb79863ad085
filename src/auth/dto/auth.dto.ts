import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trim } from '../../common/transforms.js';
import { MAIL_LANGUAGES, type MailLanguage } from '../../notifications/mail-templates.js';
import { OrganizationView, OrganizerView } from '../../organizations/dto/organization.dto.js';

/**
 * A password being chosen: 12 to 200 characters, none of them a control character (a NUL or
 * a line break cannot be typed into a password field and would pad the length).
 */
function NewPassword(field = 'password') {
  return applyDecorators(
    ApiProperty({ minLength: 12, maxLength: 200, description: 'No control characters.' }),
    IsString(),
    Length(12, 200, { message: `${field} must be 12 to 200 characters long` }),
    Matches(/^\P{Cc}*$/u, { message: `${field} must not contain control characters` }),
  );
}

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

  @NewPassword()
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

  @NewPassword()
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @MaxLength(200) @IsString()
  currentPassword!: string;

  @NewPassword()
  password!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'organizer@example.org' })
  @Transform(trim) @MaxLength(254) @IsEmail()
  email!: string;

  @ApiPropertyOptional({ enum: MAIL_LANGUAGES, default: 'en', description: 'The language of the email.' })
  @IsOptional() @IsIn(MAIL_LANGUAGES)
  language?: MailLanguage;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the password reset email.' })
  @Length(22, 128) @IsString()
  token!: string;

  @NewPassword()
  password!: string;
}

export class MessageView {
  @ApiProperty() message!: string;
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

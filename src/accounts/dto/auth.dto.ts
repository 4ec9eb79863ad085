import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trim } from '../../common/transforms.js';
import { OrganizationView, OrganizerView } from '../dto/organization.dto.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

/** Sign up with the examples, then log in with them: the docs page's "Try it out" works as filled in. */
const EXAMPLE_PASSWORD = 'correct horse battery staple';

/**
 * A password being chosen: 12 to 200 characters, none of them a control character (a NUL or
 * a line break cannot be typed into a password field and would pad the length).
 */
function NewPassword(field = 'password') {
  return applyDecorators(
    ApiProperty({ minLength: 12, maxLength: 200, description: 'No control characters.', example: EXAMPLE_PASSWORD }),
    IsString(),
    Length(12, 200, { message: `${field} must be 12 to 200 characters long` }),
    Matches(/^\P{Cc}*$/u, { message: `${field} must not contain control characters` }),
  );
}

export class SignupDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Riverside Tenants Association' })
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  organizationName!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Ana Reyes' })
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  name!: string;

  @ApiProperty({ example: 'organizer@example.org' })
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @NewPassword()
  password!: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    default: 'en',
    description: 'The language of the confirmation email, where SIGNUP_MODE sends one.',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class EmailConfirmationRequestDto {
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'The language of the email.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class EmailConfirmationDto {
  @ApiProperty({ description: 'The token from the confirmation email.', example: 'Q7m2Xk9wZ4rT1yB5nC8vL3pD6sF0gH2jA4eU7iO1rW9' })
  @Length(22, 128)
  @IsString()
  token!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'organizer@example.org' })
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ example: EXAMPLE_PASSWORD })
  @MaxLength(200)
  @IsString()
  password!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation email.', example: 'pGk3w0R9VqL2mZ8xT1bN5cY7dH4sJ6fA0eU2iO8rW3k' })
  @Length(22, 128)
  @IsString()
  token!: string;

  @NewPassword()
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: EXAMPLE_PASSWORD })
  @MaxLength(200)
  @IsString()
  currentPassword!: string;

  @NewPassword()
  password!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'organizer@example.org' })
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'The language of the email.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the password reset email.', example: 'Xk2m9QwZ4rT7yB1nC5vL8pD3sF6gH0jA2eU4iO7rW1q' })
  @Length(22, 128)
  @IsString()
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

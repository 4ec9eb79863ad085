import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  fromAuthorizationHeader,
  ThrottleAcceptInvitation,
  ThrottleChangePassword,
  ThrottlePasswordResetConfirm,
  ThrottlePasswordResetRequest,
  ThrottleSignIn,
  ThrottleSignup,
} from './auth-throttles.js';
import { AuthService } from './auth.service.js';
import { CurrentOrganizer, Public, type AuthenticatedOrganizer } from './auth.decorators.js';
import {
  AcceptInvitationDto,
  AccessTokenView,
  ChangePasswordDto,
  LoginDto,
  MeView,
  MessageView,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SessionView,
  SignupDto,
} from './dto/auth.dto.js';

export const PASSWORD_RESET_REQUESTED =
  'If an account uses this address, we have sent it a link to choose a new password. The link works once, within an hour.';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/signup')
  @Public()
  @ThrottleSignup()
  @ApiOperation({ summary: 'Create an organization and its owner (while SIGNUP_ENABLED)' })
  @ApiForbiddenResponse({ description: 'Sign-up is switched off on this server (SIGNUP_ENABLED).' })
  @ApiConflictResponse({ description: 'An account with this email already exists.' })
  @ApiCreatedResponse({ type: SessionView })
  signup(@Body() body: SignupDto): Promise<SessionView> {
    return this.auth.signup(body);
  }

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ThrottleSignIn()
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password: the same answer for both.' })
  @ApiOkResponse({ type: AccessTokenView })
  login(@Body() body: LoginDto): Promise<AccessTokenView> {
    return this.auth.login(body);
  }

  @Post('auth/accept-invitation')
  @HttpCode(200)
  @Public()
  @ThrottleAcceptInvitation()
  @ApiOperation({ summary: 'Set a password with the token from a member invitation email' })
  @ApiNotFoundResponse({ description: 'The invitation is unknown, used already or expired.' })
  @ApiOkResponse({ type: SessionView })
  acceptInvitation(@Body() body: AcceptInvitationDto): Promise<SessionView> {
    return this.auth.acceptInvitation(body);
  }

  @Post('auth/change-password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ThrottleChangePassword(fromAuthorizationHeader)
  @ApiOperation({ summary: 'Change the password; every other session of the account ends' })
  @ApiOkResponse({ type: AccessTokenView, description: 'A new access token; earlier ones no longer work.' })
  changePassword(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Body() body: ChangePasswordDto,
  ): Promise<AccessTokenView> {
    return this.auth.changePassword(organizer.id, body);
  }

  @Post('auth/password-reset')
  @HttpCode(202)
  @Public()
  @ThrottlePasswordResetRequest()
  @ApiOperation({ summary: 'Email a one-hour, single-use link to choose a new password (the same answer for any address)' })
  @ApiAcceptedResponse({ type: MessageView })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<MessageView> {
    await this.auth.requestPasswordReset(body);
    return { message: PASSWORD_RESET_REQUESTED };
  }

  @Post('auth/password-reset/confirm')
  @HttpCode(200)
  @Public()
  @ThrottlePasswordResetConfirm()
  @ApiOperation({ summary: 'Choose a new password with the emailed link; every other session of the account ends' })
  @ApiNotFoundResponse({ description: 'The link is unknown, used already or expired.' })
  @ApiOkResponse({ type: AccessTokenView })
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<AccessTokenView> {
    const { accessToken } = await this.auth.confirmPasswordReset(body);
    return { accessToken };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in organizer and their organization' })
  @ApiOkResponse({ type: MeView })
  me(@CurrentOrganizer() organizer: AuthenticatedOrganizer): Promise<MeView> {
    return this.auth.me(organizer.id);
  }
}

import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
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
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  fromAuthorizationHeader,
  ThrottleAcceptInvitation,
  ThrottleChangePassword,
  ThrottleEmailConfirmation,
  ThrottlePasswordResetConfirm,
  ThrottlePasswordResetRequest,
  ThrottleSignup,
} from './auth-throttles.js';
import { AuthService } from './auth.service.js';
import { CurrentOrganizer, Public, type AuthenticatedOrganizer } from './auth.decorators.js';
import {
  AcceptInvitationDto,
  AccessTokenView,
  ChangePasswordDto,
  EmailConfirmationDto,
  EmailConfirmationRequestDto,
  LoginDto,
  MeView,
  MessageView,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SessionView,
  SignupDto,
} from './dto/auth.dto.js';

export const EMAIL_CONFIRMATION_SENT =
  'We have sent a link to your email address: open it to confirm the address. It works once, within seven days.';

export const PASSWORD_RESET_REQUESTED =
  'If an account uses this address, we have sent it a link to choose a new password. The link works once, within an hour.';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/signup')
  @Public()
  @ThrottleSignup()
  @ApiOperation({ summary: 'Create an organization and its owner (as SIGNUP_MODE allows)' })
  @ApiForbiddenResponse({
    description: '`signup-closed`: sign-up is switched off on this server (SIGNUP_MODE=invitation-only, or SIGNUP_ENABLED=false).',
  })
  @ApiConflictResponse({
    description: '`email-taken` (SIGNUP_MODE=open): an account with this email already exists (confirm-email answers 202 alike).',
  })
  @ApiTooManyRequestsResponse({ description: 'Five sign-ups an hour per client address; five in 15 minutes per email.' })
  @ApiCreatedResponse({ type: SessionView, description: 'SIGNUP_MODE=open: the owner is signed in.' })
  @ApiAcceptedResponse({
    type: MessageView,
    description: 'SIGNUP_MODE=confirm-email: a link is emailed; signing in works once it is opened.',
  })
  async signup(
    @Body() body: SignupDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView | MessageView> {
    const outcome = await this.auth.signup(body, request.ip);
    if ('session' in outcome) return outcome.session;
    reply.status(202);
    return { message: EMAIL_CONFIRMATION_SENT };
  }

  @Post('auth/email-confirmation')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Email a link that confirms the signed-in organizer's address (a new organization sends more mail once an owner confirms)",
  })
  @ApiConflictResponse({ description: '`email-already-confirmed`: the address is confirmed already.' })
  @ApiTooManyRequestsResponse({ description: 'Five links an hour per account.' })
  @ApiAcceptedResponse({ type: MessageView })
  async requestEmailConfirmation(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Body() body: EmailConfirmationRequestDto,
  ): Promise<MessageView> {
    await this.auth.requestEmailConfirmation(organizer.id, body.language);
    return { message: EMAIL_CONFIRMATION_SENT };
  }

  @Post('auth/email-confirmation/confirm')
  @HttpCode(200)
  @Public()
  @ThrottleEmailConfirmation()
  @ApiOperation({ summary: 'Confirm an address with the emailed link; signs its holder in' })
  @ApiNotFoundResponse({ description: 'The link is unknown, used already or expired.' })
  @ApiOkResponse({ type: SessionView })
  confirmEmail(@Body() body: EmailConfirmationDto): Promise<SessionView> {
    return this.auth.confirmEmail(body.token);
  }

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password: the same answer for both.' })
  @ApiTooManyRequestsResponse({
    description: '10 attempts per account and client address in 15 minutes; 100 per account an hour. A password reset lifts both.',
  })
  @ApiOkResponse({ type: AccessTokenView })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<AccessTokenView> {
    return this.auth.login(body, request.ip);
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
  changePassword(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Body() body: ChangePasswordDto): Promise<AccessTokenView> {
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

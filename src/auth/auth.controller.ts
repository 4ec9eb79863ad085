import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { fromBody, ThrottlePerCredential } from '../common/throttling.js';
import { AuthService } from './auth.service.js';
import { CurrentOrganizer, Public, type AuthenticatedOrganizer } from './auth.decorators.js';
import { AcceptInvitationDto, AccessTokenView, LoginDto, MeView, SessionView, SignupDto } from './dto/auth.dto.js';

const QUARTER_HOUR = 15 * 60_000;

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/signup')
  @Public()
  @ThrottlePerCredential(fromBody('email'), 5, QUARTER_HOUR)
  @ApiOperation({ summary: 'Create an organization and its owner (while SIGNUP_ENABLED)' })
  @ApiCreatedResponse({ type: SessionView })
  signup(@Body() body: SignupDto): Promise<SessionView> {
    return this.auth.signup(body);
  }

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ThrottlePerCredential(fromBody('email'), 10, QUARTER_HOUR)
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiOkResponse({ type: AccessTokenView })
  login(@Body() body: LoginDto): Promise<AccessTokenView> {
    return this.auth.login(body);
  }

  @Post('auth/accept-invitation')
  @HttpCode(200)
  @Public()
  @ThrottlePerCredential(fromBody('token'), 10, QUARTER_HOUR)
  @ApiOperation({ summary: 'Set a password with the token from a member invitation email' })
  @ApiOkResponse({ type: SessionView })
  acceptInvitation(@Body() body: AcceptInvitationDto): Promise<SessionView> {
    return this.auth.acceptInvitation(body);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in organizer and their organization' })
  @ApiOkResponse({ type: MeView })
  me(@CurrentOrganizer() organizer: AuthenticatedOrganizer): Promise<MeView> {
    return this.auth.me(organizer.id);
  }
}

import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../../accounts/auth.service.js';
import { CurrentOrganizer, type AuthenticatedOrganizer, Public } from '../../accounts/auth.decorators.js';
import {
  ThrottleEmailConfirmation,
  ThrottlePasswordResetConfirm,
  ThrottlePasswordResetRequest,
  ThrottleSignup,
} from '../../accounts/auth-throttles.js';
import { PasswordResetNotFoundError } from '../../accounts/auth-errors.js';
import { ConsoleSessionsService } from '../../accounts/console-sessions.service.js';
import { LoginDto, PasswordResetConfirmDto, PasswordResetRequestDto, SignupDto } from '../../accounts/dto/auth.dto.js';
import { fromParam } from '../../common/throttling.js';
import { AppConfig } from '../../config/app-config.js';
import { codeOf, fieldErrorsOf, parseForm, refusalStatus } from '../kit/form-errors.js';
import { PageContexts } from '../kit/page-context.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { withConfirmation, type AccountForm } from './account-forms.js';
import { ConsolePages, safeReturnPath } from './console-pages.decorator.js';
import { ConsoleSessionCookie } from './console-session.js';

/**
 * Signing in and out of the console, signing up, and a forgotten password (reset through an
 * emailed link; ConsolePasswordController changes a known one). Each calls the same AuthService
 * method as the API route for the act.
 */
@ConsolePages()
@Public()
@Controller('console')
export class ConsoleAccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: ConsoleSessionsService,
    private readonly cookie: ConsoleSessionCookie,
    private readonly config: AppConfig,
    private readonly contexts: PageContexts,
  ) {}

  /** Shares the API login's counts (AccountThrottles), so neither door adds guesses to the other. */
  @Post('sign-in')
  async signIn(
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    const values = { email: body.email, next: safeReturnPath(body.next) };
    const { value, errors } = await parseForm(LoginDto, { email: body.email, password: body.password });
    if (errors) return this.signInPage({ values, errors }, 400);
    try {
      const organizer = await this.auth.verifyCredentials(value, request.ip);
      this.cookie.set(reply, await this.sessions.start(organizer.id));
    } catch (error) {
      // One message for an unknown address and a wrong password.
      const refused = fieldErrorsOf(error, ['wrong-credentials', 'email-unconfirmed']);
      if (refused) return this.signInPage({ values, errors: refused }, refusalStatus(error));
      throw error;
    }
    return new PageRedirect(values.next);
  }

  @Post('sign-out')
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageRedirect> {
    const token = this.cookie.tokenOf(request);
    if (token) await this.sessions.end(token);
    this.cookie.clear(reply);
    return new PageRedirect('/console?signedOut');
  }

  @Get('sign-up')
  signUpForm(): PageView {
    return this.signUpPage({});
  }

  /** SIGNUP_MODE is the service's rule: signed in at once, a "check your email" page, or the page saying sign-up is off. */
  @Post('sign-up')
  @ThrottleSignup()
  async signUp(
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    const { organizationName, name, email } = body;
    const values = { organizationName, name, email };
    const { language } = this.contexts.of(request, reply);
    const parsed = await parseForm(SignupDto, { ...values, password: body.password, language });
    const errors = withConfirmation(parsed.errors, body);
    try {
      if (errors) {
        this.auth.assertSignupOpen();
        return this.signUpPage({ values, errors }, 400);
      }
      const outcome = await this.auth.signup(parsed.value, request.ip);
      if (!('session' in outcome)) return new PageView('console/sign-up', { sent: true, signupEnabled: true, form: {} });
      this.cookie.set(reply, await this.sessions.start(outcome.session.organizer.id));
    } catch (error) {
      if (codeOf(error) === 'signup-closed') return this.signUpPage({}, 403);
      const refused = fieldErrorsOf(error, ['email-taken']);
      if (refused) return this.signUpPage({ values, errors: refused }, refusalStatus(error));
      throw error;
    }
    return new PageRedirect('/console?welcome');
  }

  /** The emailed link opens a page whose button confirms, so a mail scanner fetching the link confirms nothing. */
  @Get('confirm-email/:token')
  @ThrottleEmailConfirmation(fromParam('token'))
  confirmEmailForm(): PageView {
    return new PageView('console/confirm-email', {});
  }

  @Post('confirm-email/:token')
  @ThrottleEmailConfirmation(fromParam('token'))
  async confirmEmail(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageResult> {
    const { organizer } = await this.auth.confirmEmail(token);
    this.cookie.set(reply, await this.sessions.start(organizer.id));
    return new PageRedirect('/console?emailConfirmed');
  }

  /** The dashboard's (and a refused publish's or message's) "send the link again"; an address confirmed meanwhile just says so. */
  @Post('email-confirmation')
  async requestEmailConfirmation(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageRedirect> {
    try {
      await this.auth.requestEmailConfirmation(organizer.id, this.contexts.of(request, reply).language);
    } catch (error) {
      if (codeOf(error) === 'email-already-confirmed') return new PageRedirect('/console?emailConfirmed');
      throw error;
    }
    return new PageRedirect('/console?confirmationSent');
  }

  @Get('forgot-password')
  forgotPasswordForm(@Query('sent') sent?: string): PageView {
    return new PageView('console/forgot-password', { sent: sent !== undefined, form: {} });
  }

  /** The same answer whether or not the address has an account. */
  @Post('forgot-password')
  @ThrottlePasswordResetRequest()
  async forgotPassword(
    @Body() body: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    // The email speaks the language of the page it was asked from.
    const { language } = this.contexts.of(request, reply);
    const { value, errors } = await parseForm(PasswordResetRequestDto, { email: body.email, language });
    if (errors) return new PageView('console/forgot-password', { form: { values: { email: body.email }, errors } }, { status: 400 });
    await this.auth.requestPasswordReset(value);
    return new PageRedirect('/console/forgot-password?sent');
  }

  @Get('password-reset/:token')
  @ThrottlePasswordResetConfirm(fromParam('token'))
  async resetForm(@Param('token') token: string): Promise<PageView> {
    const account = await this.resettable(token);
    return account ? new PageView('console/password-reset', { account, form: {} }) : this.resetLinkGone();
  }

  @Post('password-reset/:token')
  @ThrottlePasswordResetConfirm(fromParam('token'))
  async reset(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    const account = await this.resettable(token);
    if (!account) return this.resetLinkGone();
    const parsed = await parseForm(PasswordResetConfirmDto, { token, password: body.password });
    const errors = withConfirmation(parsed.errors, body);
    if (errors) return new PageView('console/password-reset', { account, form: { errors } }, { status: 400 });
    // The link may have been used in another tab meanwhile: the same page as for any dead link.
    const confirmed = await this.auth.confirmPasswordReset(parsed.value).catch(ifResetLinkGone(undefined));
    if (!confirmed) return this.resetLinkGone();
    this.cookie.set(reply, await this.sessions.start(confirmed.organizerId));
    return new PageRedirect('/console?passwordChanged');
  }

  /** The account of a live reset link; undefined for an unknown, used or expired one. */
  private resettable(token: string): Promise<{ email: string } | undefined> {
    return this.auth.passwordResetFor(token).catch(ifResetLinkGone(undefined));
  }

  /** A dead reset link says so and offers a new one, instead of a bare "not found". */
  private resetLinkGone(): PageView {
    return new PageView('console/password-reset', { gone: true, form: {} }, { status: 404, titleKey: 'console.password-reset.goneTitle' });
  }

  private signInPage(form: AccountForm, status?: number): PageView {
    return new PageView('console/sign-in', { form, signupEnabled: this.config.signupEnabled }, { status, scripts: ['door-forget.js'] });
  }

  private signUpPage(form: AccountForm, status?: number): PageView {
    return new PageView('console/sign-up', { form, signupEnabled: this.config.signupEnabled }, { status });
  }
}

/** For a promise's catch: a dead reset link becomes `value`; anything else stays an error. */
const ifResetLinkGone =
  <T>(value: T) =>
  (error: unknown): T => {
    if (error instanceof PasswordResetNotFoundError) return value;
    throw error;
  };

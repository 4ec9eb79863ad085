import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CurrentOrganizer, type AuthenticatedOrganizer } from '../../accounts/auth.decorators.js';
import { AuthService } from '../../accounts/auth.service.js';
import { ThrottleChangePassword } from '../../accounts/auth-throttles.js';
import { ChangePasswordDto } from '../../accounts/dto/auth.dto.js';
import { fieldErrorsOf, parseForm } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { withConfirmation, type AccountForm } from './account-forms.js';
import { ConsolePages } from './console-pages.decorator.js';
import { fromConsoleSession } from '../../accounts/session-cookie.js';

/** The signed-in member's own account: their password. */
@ConsolePages()
@Controller('console/account')
export class ConsolePasswordController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  async show(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @Query('saved') saved?: string): Promise<PageView> {
    return new PageView('console/account', { me: await this.auth.me(organizer.id), saved: saved !== undefined, form: {} });
  }

  /** Every other session of the account ends; this browser stays signed in. */
  @Post('password')
  @ThrottleChangePassword(fromConsoleSession)
  async changePassword(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @Req() request: FastifyRequest,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const parsed = await parseForm(ChangePasswordDto, { currentPassword: body.currentPassword, password: body.password });
    const errors = withConfirmation(parsed.errors, body);
    const page = (form: AccountForm, status: number) =>
      this.auth.me(organizer.id).then((me) => new PageView('console/account', { me, form }, { status }));
    if (errors) return page({ errors }, 400);
    try {
      await this.auth.changePassword(organizer.id, parsed.value, { keepConsoleSession: request.consoleSession });
    } catch (error) {
      const refused = fieldErrorsOf(error, ['wrong-password']);
      if (refused) return page({ errors: refused }, 400);
      throw error;
    }
    return new PageRedirect('/console/account?saved');
  }
}

import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { AcceptInvitationDto } from '../auth/dto/auth.dto.js';
import { fromParam, ThrottlePerCredential } from '../common/throttling.js';
import { parseForm } from './form-errors.js';
import { PageRedirect, PageView, type PageResult } from './page-view.js';
import { WebPages } from './web-pages.decorator.js';

const QUARTER_HOUR = 15 * 60_000;

/** A colleague invited to an organization sets their password (the link of the member invitation email). */
@WebPages()
@Controller('join')
export class JoinPageController {
  constructor(private readonly auth: AuthService) {}

  @Get('done')
  done(): PageView {
    return new PageView('join-done');
  }

  @Get(':token')
  async show(@Param('token') token: string): Promise<PageView> {
    return new PageView('join', { invitation: await this.auth.invitation(token) });
  }

  @Post(':token')
  @ThrottlePerCredential(fromParam('token'), 10, QUARTER_HOUR)
  async setPassword(@Param('token') token: string, @Body() body: Record<string, unknown>): Promise<PageResult> {
    const invitation = await this.auth.invitation(token);
    const { password, passwordConfirmation } = body;
    const errors = (await parseForm(AcceptInvitationDto, { token, password })).errors ?? {};
    if (!errors.password && password !== passwordConfirmation) errors.passwordConfirmation = 'mismatch';
    if (Object.keys(errors).length) return new PageView('join', { invitation, errors }, { status: 400 });
    await this.auth.acceptInvitation({ token, password: password as string });
    return new PageRedirect('/join/done');
  }
}

import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthService } from '../../accounts/auth.service.js';
import { ConsoleSessionsService } from '../../accounts/console-sessions.service.js';
import { AcceptInvitationDto } from '../../accounts/dto/auth.dto.js';
import { ThrottleAcceptInvitation } from '../../accounts/auth-throttles.js';
import { fromParam } from '../../common/throttling.js';
import { parseForm } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { WebPages } from '../kit/web-pages.decorator.js';
import { ConsoleSessionCookie } from './console-session.js';

/**
 * A colleague invited to an organization sets their password (the link of the member
 * invitation email) and lands signed in on the console.
 */
@WebPages()
@Controller('join')
export class ConsoleJoinController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: ConsoleSessionsService,
    private readonly cookie: ConsoleSessionCookie,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string): Promise<PageView> {
    return new PageView('join', { invitation: await this.auth.invitation(token) });
  }

  @Post(':token')
  @ThrottleAcceptInvitation(fromParam('token'))
  async setPassword(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PageResult> {
    const invitation = await this.auth.invitation(token);
    const { password, passwordConfirmation } = body;
    const errors = (await parseForm(AcceptInvitationDto, { token, password })).errors ?? {};
    if (!errors.password && password !== passwordConfirmation) errors.passwordConfirmation = 'mismatch';
    if (Object.keys(errors).length) return new PageView('join', { invitation, errors }, { status: 400 });
    const { organizer } = await this.auth.acceptInvitation({ token, password: password as string });
    this.cookie.set(reply, await this.sessions.start(organizer.id));
    return new PageRedirect('/console?welcome');
  }
}

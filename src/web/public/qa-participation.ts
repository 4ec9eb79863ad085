import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../common/domain-errors.js';
import { isWellFormedToken } from '../../common/tokens.js';
import { QuestionsService } from '../../questions/questions.service.js';
import { cookiesOf, PageContexts } from '../kit/page-context.js';

export const PARTICIPANT_COOKIE = 'participant';
const WEEK_SECONDS = 7 * 24 * 3600;

export const questionsPath = (slug: string) => `/events/${encodeURIComponent(slug)}/questions`;

/**
 * Who asks and votes on the Q&A pages: a participant token (or an attendee's manage token) in
 * an HttpOnly cookie scoped to the event's questions path, so each event has its own. Lax, so
 * that an attendee arriving from their email link is still recognised.
 */
@Injectable()
export class QaParticipation {
  constructor(
    private readonly contexts: PageContexts,
    private readonly questions: QuestionsService,
  ) {}

  tokenOf(request: FastifyRequest): string | undefined {
    const token = cookiesOf(request)[PARTICIPANT_COOKIE];
    return isWellFormedToken(token) ? token : undefined;
  }

  remember(reply: FastifyReply, slug: string, token: string): void {
    this.contexts.setCookie(reply, {
      name: PARTICIPANT_COOKIE,
      value: token,
      path: questionsPath(slug),
      httpOnly: true,
      sameSite: 'lax',
      maxAge: WEEK_SECONDS,
    });
  }

  /**
   * Runs an action as the reader's participant. The first action makes one (and its cookie), and
   * so does a cookie that stopped working (an erased RSVP's token).
   */
  async act<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    event: { id: string; slug: string },
    action: (token: string) => Promise<T>,
  ): Promise<T> {
    const known = this.tokenOf(request);
    if (known) {
      try {
        return await action(known);
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
      }
    }
    const token = await this.questions.join(event.id, request.ip);
    this.remember(reply, event.slug, token);
    return action(token);
  }

  /** As `act` for reading: a token that stopped working reads as no token. */
  async read<T>(request: FastifyRequest, action: (token: string | undefined) => Promise<T>): Promise<T> {
    const known = this.tokenOf(request);
    try {
      return await action(known);
    } catch (error) {
      if (!(error instanceof UnauthorizedError) || known === undefined) throw error;
      return action(undefined);
    }
  }
}

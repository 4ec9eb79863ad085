import { applyDecorators, ArgumentsHost, Catch, ExceptionFilter, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../common/domain-errors.js';
import { Credential } from '../../accounts/auth.decorators.js';
import { SignInRequiredError } from '../../accounts/auth-errors.js';
import { OwnerUnconfirmedError } from '../../accounts/organization-errors.js';
import { CsrfError, CsrfGuard } from '../kit/csrf.guard.js';
import { FormBodyGuard } from '../kit/form-body.guard.js';
import { PageErrorFilter } from '../kit/page-error.filter.js';
import { PageInterceptor } from '../kit/page.interceptor.js';
import { PageRenderer } from '../kit/page-renderer.js';
import { PageView } from '../kit/page-view.js';
import { ConsoleNavLoader } from './console-session.js';
import { OwnedEventGuard } from './owned-event.guard.js';

/**
 * Only a path of this site under `within` may be returned to (after signing in, after an action
 * on a list), never another origin; and only in printable ASCII, which a Location header can
 * carry (CR/LF, é or an emoji would make it throw). Anything else returns to `within` itself.
 */
export function safeReturnPath(path: unknown, within = '/console'): string {
  const inside = typeof path === 'string' && path.startsWith(within) && /^(?:[/?]|$)/.test(path.slice(within.length));
  return inside && /^[\x21-\x7e]*$/.test(path) && !path.includes('//') ? path : within;
}

/**
 * A page that needs a session sends the visitor to the sign-in form, and back here afterwards;
 * a page the member's role does not open says so (the general 403 page is about expired forms).
 */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  constructor(
    private readonly pages: PageErrorFilter,
    private readonly renderer: PageRenderer,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    if (exception instanceof ForbiddenError && !(exception instanceof CsrfError)) {
      // Refused until an owner confirms their address: the page says why, and lets an owner ask for the link.
      const page =
        exception instanceof OwnerUnconfirmedError
          ? new PageView(
              'console/email-unconfirmed',
              { owner: http.getRequest<FastifyRequest>().organizer?.role === 'owner' },
              { status: 403, titleKey: 'console.email-unconfirmed.refusedTitle' },
            )
          : new PageView('console/not-allowed', {}, { status: 403 });
      void http
        .getResponse<FastifyReply>()
        .send(this.renderer.respond(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), page));
      return;
    }
    if (!(exception instanceof SignInRequiredError)) return this.pages.catch(exception, host);
    const reply = http.getResponse<FastifyReply>();
    const next = safeReturnPath(exception.returnTo);
    void reply
      .status(303)
      .header('Location', next === '/console' ? '/console' : `/console?next=${encodeURIComponent(next)}`)
      .header('Cache-Control', 'no-store')
      .send();
  }
}

/**
 * The organizer console's pages: the identity guard takes the session cookie instead of a
 * Bearer token, forms are checked against CSRF, outside the API docs, rendered as HTML.
 * `forEvent`: the pages of one forum (`:id`), which must be the member's organization's.
 * Combine with @Roles() and @Public() (the page also answers without a session).
 */
export const ConsolePages = (options: { forEvent?: boolean } = {}) =>
  applyDecorators(
    Credential('session'),
    ApiExcludeController(),
    // After the identity guard, in this order: the forum is looked up for the member the session names.
    UseGuards(FormBodyGuard, CsrfGuard, ConsoleNavLoader, ...(options.forEvent ? [OwnedEventGuard] : [])),
    UseInterceptors(PageInterceptor),
    UseFilters(ConsoleErrorFilter),
  );

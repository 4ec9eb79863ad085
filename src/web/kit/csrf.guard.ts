import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../common/domain-errors.js';
import { AppConfig } from '../../config/app-config.js';
import { PageContexts } from './page-context.js';

/** The hidden form field that must repeat the CSRF cookie. */
export const CSRF_FIELD = '_csrf';

export class CsrfError extends ForbiddenError {
  constructor() {
    super('The form could not be verified: reload the page and send it again.', 'csrf-failed');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(cookie: string | undefined, field: unknown): boolean {
  if (typeof cookie !== 'string' || typeof field !== 'string' || cookie.length === 0) return false;
  const [a, b] = [Buffer.from(cookie), Buffer.from(field)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A form action is taken when the browser says it was sent from this site's own pages, as Go's
 * CrossOriginProtection does: `Sec-Fetch-Site: same-origin` (every current browser sends it),
 * else an `Origin` equal to this site's. Browsers cannot be made to lie in these headers, so a
 * form left open for hours, or a browser that blocks cookies, still gets through. A request that
 * says nothing of where it came from (an old browser, some privacy settings) falls back to the
 * double-submit: its hidden `_csrf` field must equal the page's SameSite=Strict, HttpOnly cookie,
 * which another site can neither read nor get the browser to send along.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly appOrigin: string;

  constructor(
    private readonly contexts: PageContexts,
    config: AppConfig,
  ) {
    this.appOrigin = new URL(config.appUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!(this.sentFromThisSite(request) ?? sameToken(this.contexts.csrfCookieOf(request), field))) throw new CsrfError();
    return true;
  }

  /** What the browser says of the form's origin: this site or not, or undefined when it says nothing. */
  private sentFromThisSite(request: FastifyRequest): boolean | undefined {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined) return site === 'same-origin';
    const origin = request.headers.origin;
    if (origin === undefined) return undefined;
    return origin === this.appOrigin || origin === `${request.protocol}://${request.headers.host}`;
  }
}

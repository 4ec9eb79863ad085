import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../common/domain-errors.js';
import { PageContexts } from './page-context.js';

/** The hidden form field that must repeat the CSRF cookie. */
export const CSRF_FIELD = '_csrf';

export class CsrfError extends ForbiddenError {
  constructor() {
    super('The form could not be verified: reload the page and send it again.');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(cookie: string | undefined, field: unknown): boolean {
  if (typeof cookie !== 'string' || typeof field !== 'string' || cookie.length === 0) return false;
  const [a, b] = [Buffer.from(cookie), Buffer.from(field)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Double-submit: a form action is taken only when its hidden `_csrf` field equals the page's
 * SameSite=Strict, HttpOnly cookie. Another site can make a browser post a form, but it can
 * neither read the cookie nor get the browser to send it along. Browsers that send Fetch
 * Metadata also say where a request came from, and anything but this origin is refused.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly contexts: PageContexts) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    const site = request.headers['sec-fetch-site'];
    const field = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if ((site !== undefined && site !== 'same-origin') || !sameToken(this.contexts.csrfCookieOf(request), field)) {
      throw new CsrfError();
    }
    return true;
  }
}

import { Injectable } from '@nestjs/common';
import { parseCookie, stringifySetCookie, type SetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isWellFormedToken, newSecretToken } from '../../common/tokens.js';
import { AppConfig } from '../../config/app-config.js';
import { chooseLanguage, LANGUAGE_COOKIE } from './page-language.js';
import type { Language } from '../../common/languages.js';

/** `__Host-` keeps a sibling subdomain from planting the cookie, but browsers take it over HTTPS only. */
export const CSRF_COOKIES = { https: '__Host-csrf', http: 'csrf' } as const;

/** What every page of one request shares: its language and the CSRF token its forms carry. */
export interface PageContext {
  language: Language;
  csrfToken: string;
}

const YEAR_SECONDS = 365 * 24 * 3600;

/** Works out a request's page context once, setting the cookies that remember it. */
@Injectable()
export class PageContexts {
  readonly csrfCookie: string;
  readonly secure: boolean;
  private readonly contexts = new WeakMap<FastifyRequest, PageContext>();

  constructor(config: AppConfig) {
    this.secure = config.appUrl.startsWith('https:');
    this.csrfCookie = this.secure ? CSRF_COOKIES.https : CSRF_COOKIES.http;
  }

  of(request: FastifyRequest, reply: FastifyReply): PageContext {
    let context = this.contexts.get(request);
    if (context) return context;
    const cookies = cookiesOf(request);
    const choice = chooseLanguage(
      (request.query as Record<string, unknown> | undefined)?.lang,
      cookies[LANGUAGE_COOKIE],
      request.headers['accept-language'],
    );
    // Lax, so that the language is known when someone arrives from a link in an email.
    if (choice.remember) this.setCookie(reply, { name: LANGUAGE_COOKIE, value: choice.language, sameSite: 'lax', maxAge: YEAR_SECONDS });
    let csrfToken = cookies[this.csrfCookie];
    if (!isWellFormedToken(csrfToken)) {
      csrfToken = newSecretToken();
      this.setCookie(reply, { name: this.csrfCookie, value: csrfToken, sameSite: 'strict', httpOnly: true });
    }
    context = { language: choice.language, csrfToken };
    this.contexts.set(request, context);
    return context;
  }

  csrfCookieOf(request: FastifyRequest): string | undefined {
    return cookiesOf(request)[this.csrfCookie];
  }

  /** Path `/` unless the cookie says otherwise; Secure whenever APP_URL is HTTPS. */
  setCookie(reply: FastifyReply, cookie: SetCookie): void {
    reply.header('Set-Cookie', stringifySetCookie({ path: '/', secure: this.secure, ...cookie }));
  }
}

export function cookiesOf(request: FastifyRequest) {
  return parseCookie(request.headers.cookie ?? '');
}

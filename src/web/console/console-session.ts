import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedOrganizer } from '../../accounts/auth.decorators.js';
import { AuthService } from '../../accounts/auth.service.js';
import { ConsoleSessionsService } from '../../accounts/console-sessions.service.js';
import { DomainError, ForbiddenError } from '../../common/domain-errors.js';
import { MANAGERS } from '../../accounts/auth.decorators.js';
import type { Role } from '../../accounts/organizer.entity.js';
import { cookiesOf, PageContexts } from '../page-context.js';
import type { ConsoleNav } from '../page-view.js';

/** `__Host-` keeps a sibling subdomain from planting or reading it; browsers take it over HTTPS only. */
const SESSION_COOKIES = { https: '__Host-console', http: 'console' } as const;
/** The cookie outlives a browser restart (a phone at the door); the server ends idle sessions sooner. */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

const CONSOLE_ROLES = 'townhall:console-roles';
const SESSION_OPTIONAL = 'townhall:console-session-optional';

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: string;
    consoleNav?: Omit<ConsoleNav, 'current'>;
  }
}

/** Console pages these roles may open (403 for the others); every member when none are named. */
export const ConsoleRoles = (...roles: Role[]) => SetMetadata(CONSOLE_ROLES, roles);
export const ForManagers = () => ConsoleRoles(...MANAGERS);
/** The page also answers without a session (the sign-in form instead of the dashboard). */
export const SessionOptional = () => SetMetadata(SESSION_OPTIONAL, true);

/** The session cookie as a throttling credential: the throttle runs before the session guard. */
export const fromConsoleSession = (request: FastifyRequest) => {
  const cookies = cookiesOf(request);
  return cookies[SESSION_COOKIES.https] ?? cookies[SESSION_COOKIES.http];
};

/** Raised by the session guard: the console filter turns it into a redirect to the sign-in form. */
export class SignInRequiredError extends DomainError {
  constructor(readonly returnTo: string) {
    super('unauthorized', 'Sign in to the console to continue.', undefined, 'unauthorized');
  }
}

/** The console's session cookie: HttpOnly, SameSite=Lax so that links from emails arrive signed in, Secure under HTTPS. */
@Injectable()
export class ConsoleSessionCookie {
  private readonly name: string;

  constructor(private readonly contexts: PageContexts) {
    this.name = contexts.secure ? SESSION_COOKIES.https : SESSION_COOKIES.http;
  }

  tokenOf(request: FastifyRequest): string | undefined {
    return cookiesOf(request)[this.name];
  }

  set(reply: FastifyReply, token: string): void {
    this.contexts.setCookie(reply, { name: this.name, value: token, httpOnly: true, sameSite: 'lax', maxAge: COOKIE_MAX_AGE_SECONDS });
  }

  clear(reply: FastifyReply): void {
    this.contexts.setCookie(reply, { name: this.name, value: '', httpOnly: true, sameSite: 'lax', maxAge: 0 });
  }
}

/**
 * Console pages need a live server-side session (sign-out, a password change or removal from
 * the organization ends it on every instance at once) and, where a page names roles, one of them.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessionsService,
    private readonly cookie: ConsoleSessionCookie,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = this.cookie.tokenOf(request);
    const organizer = await this.sessions.resolve(token);
    if (!organizer) {
      if (this.reflector.getAllAndOverride<boolean>(SESSION_OPTIONAL, targets)) return true;
      throw new SignInRequiredError(request.url);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(CONSOLE_ROLES, targets);
    if (roles && !roles.includes(organizer.role)) throw new ForbiddenError();
    request.organizer = organizer;
    request.consoleSession = token;
    request.consoleNav = await this.navFor(organizer);
    return true;
  }

  private async navFor(organizer: AuthenticatedOrganizer): Promise<Omit<ConsoleNav, 'current'>> {
    const me = await this.auth.me(organizer.id);
    return {
      organizerName: me.organizer.name,
      organizationName: me.organization.name,
      manages: MANAGERS.includes(organizer.role),
      owner: organizer.role === 'owner',
    };
  }
}

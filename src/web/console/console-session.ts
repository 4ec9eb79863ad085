import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MANAGERS } from '../../accounts/auth.decorators.js';
import { AuthService } from '../../accounts/auth.service.js';
import { cookieOf, sessionCookieName } from '../../accounts/session-cookie.js';
import { AppConfig } from '../../config/app-config.js';
import { PageContexts } from '../kit/page-context.js';
import type { PageDecorator } from '../kit/page-renderer.js';

/** The cookie outlives a browser restart (a phone at the door); the server ends idle sessions sooner. */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** Who is signed in to the console, and which of its sections they may open. */
export interface ConsoleNav {
  organizerName: string;
  organizationName: string;
  /** Owners and organizers manage; moderators see forums, moderation, the door and stats. */
  manages: boolean;
  /** Only owners erase personal data and manage members. */
  owner: boolean;
  current?: 'forums' | 'organization' | 'account';
}

/** Which part of the console a path belongs to, for its navigation. */
function consoleSection(path: string): ConsoleNav['current'] {
  if (path.startsWith('/console/organization')) return 'organization';
  if (path.startsWith('/console/account')) return 'account';
  return 'forums';
}

/** What the console adds to the kit's pages (the console module registers it). */
export const consolePages: PageDecorator = {
  nav: (request, path) => request.consoleNav && { ...request.consoleNav, current: consoleSection(path) },
  // The console edits both languages' texts, so it shows them as stored.
  textsAsStored: (template) => template.startsWith('console/'),
};

declare module 'fastify' {
  interface FastifyRequest {
    consoleNav?: Omit<ConsoleNav, 'current'>;
  }
}

/** The console's session cookie: HttpOnly, SameSite=Lax so that links from emails arrive signed in, Secure under HTTPS. */
@Injectable()
export class ConsoleSessionCookie {
  private readonly name: string;

  constructor(
    private readonly contexts: PageContexts,
    config: AppConfig,
  ) {
    this.name = sessionCookieName(config.appUrl);
  }

  tokenOf(request: FastifyRequest): string | undefined {
    return cookieOf(request, this.name);
  }

  set(reply: FastifyReply, token: string): void {
    this.contexts.setCookie(reply, { name: this.name, value: token, httpOnly: true, sameSite: 'lax', maxAge: COOKIE_MAX_AGE_SECONDS });
  }

  clear(reply: FastifyReply): void {
    this.contexts.setCookie(reply, { name: this.name, value: '', httpOnly: true, sameSite: 'lax', maxAge: 0 });
  }
}

/**
 * Not a check: loads the names the console's header shows for the member the identity guard
 * signed in, before the page's other guards, so that their error pages carry the header too.
 */
@Injectable()
export class ConsoleNavLoader implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const organizer = request.organizer;
    if (!organizer) return true;
    const me = await this.auth.me(organizer.id);
    request.consoleNav = {
      organizerName: me.organizer.name,
      organizationName: me.organization.name,
      manages: MANAGERS.includes(organizer.role),
      owner: organizer.role === 'owner',
    };
    return true;
  }
}

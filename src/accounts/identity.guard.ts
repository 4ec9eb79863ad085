import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import { ForbiddenError, UnauthorizedError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { CREDENTIAL, IS_PUBLIC, ROLES } from '../common/route-metadata.js';
import { AppConfig } from '../config/app-config.js';
import { isRevoked } from './access-token-claims.js';
import type { AuthenticatedOrganizer, CredentialKind } from './auth.decorators.js';
import { SignInRequiredError } from './auth-errors.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import { Organizer, type Role } from './organizer.entity.js';
import { cookieOf, sessionCookieName } from './session-cookie.js';

interface AccessTokenClaims {
  sub: string;
  iat: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session token the request was signed in with. */
    consoleSession?: string;
  }
}

/**
 * Global, the one identity guard: every route needs a signed-in organizer unless marked
 * @Public(), and one of its @Roles() when it names them. API routes take a Bearer token (401
 * without one); console pages, marked @Credential('session') by @ConsolePages(), take the
 * session cookie (a SignInRequiredError, which the console turns into the sign-in form). The
 * organizer is loaded on each request, so a removed member, a changed role or a password
 * change (which revokes earlier tokens and ends other sessions) takes effect at once.
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  private readonly sessionCookie: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: ConsoleSessionsService,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    config: AppConfig,
  ) {
    this.sessionCookie = sessionCookieName(config.appUrl);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const credential = this.reflector.getAllAndOverride<CredentialKind | undefined>(CREDENTIAL, targets) ?? 'bearer';
    const request = context.switchToHttp().getRequest<FastifyRequest>();

    request.organizer = credential === 'session' ? await this.fromSession(request) : await this.fromBearer(request);
    if (!request.organizer) {
      if (isPublic) return true;
      throw credential === 'session' ? new SignInRequiredError(request.url) : new UnauthorizedError();
    }
    if (roles && !roles.includes(request.organizer.role)) throw new ForbiddenError();
    return true;
  }

  /** No header: nobody; a header that is not a live token: 401, on public routes too. */
  private async fromBearer(request: FastifyRequest): Promise<AuthenticatedOrganizer | undefined> {
    const header = request.headers.authorization;
    if (header === undefined) return undefined;
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedError();
    const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] }).catch(() => undefined);
    if (!claims || !isUuid(claims.sub) || typeof claims.iat !== 'number') throw new UnauthorizedError();
    const organizer = await this.organizers.findOne({
      where: { id: claims.sub },
      select: { id: true, organizationId: true, role: true, passwordHash: true, sessionsRevokedAt: true },
    });
    if (!organizer?.passwordHash || isRevoked(claims.iat, organizer.sessionsRevokedAt)) throw new UnauthorizedError();
    return { id: organizer.id, organizationId: organizer.organizationId, role: organizer.role };
  }

  /** A live server-side session (sign-out, a password change or removal from the organization ends it on every instance). */
  private async fromSession(request: FastifyRequest): Promise<AuthenticatedOrganizer | undefined> {
    const token = cookieOf(request, this.sessionCookie);
    const organizer = await this.sessions.resolve(token);
    if (organizer) request.consoleSession = token;
    return organizer;
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import { ForbiddenError, UnauthorizedError } from '../common/domain-errors.js';
import { isUuid } from '../common/ids.js';
import { IS_PUBLIC, ROLES } from '../common/route-metadata.js';
import { Organizer, type Role } from './organizer.entity.js';
import { isRevoked } from './access-token-claims.js';

interface AccessTokenClaims {
  sub: string;
  iat: number;
}

/**
 * Global: every route needs a valid organizer token unless marked @Public(). The organizer
 * is loaded on each request, so a removed member, a changed role or a password change (which
 * revokes every token issued before it) takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;

    if (header !== undefined) request.organizer = await this.authenticate(header);
    else if (!isPublic) throw new UnauthorizedError();

    if (roles && request.organizer && !roles.includes(request.organizer.role)) throw new ForbiddenError();
    return true;
  }

  private async authenticate(header: string) {
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
}

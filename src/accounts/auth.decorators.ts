import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../common/domain-errors.js';
import { CREDENTIAL, IS_PUBLIC, ROLES } from '../common/route-metadata.js';
import type { Role } from './organizer.entity.js';

/** Open to anyone; the route's credential, if sent, is still checked and its organizer attached. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Organizer routes and pages limited to these roles (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** 'bearer': an Authorization header (API routes, the default); 'session': the console's session cookie. */
export type CredentialKind = 'bearer' | 'session';
export const Credential = (kind: CredentialKind) => SetMetadata(CREDENTIAL, kind);

export const MANAGERS: Role[] = ['owner', 'organizer'];

export interface AuthenticatedOrganizer {
  id: string;
  organizationId: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    organizer?: AuthenticatedOrganizer;
  }
}

/** The signed-in organizer; only on routes that require one. */
export const CurrentOrganizer = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const organizer = context.switchToHttp().getRequest<FastifyRequest>().organizer;
  if (!organizer) throw new UnauthorizedError();
  return organizer;
});

/** The signed-in organizer if a valid token was sent, on public routes too (so the API document offers the Bearer token there). */
export const OptionalOrganizer = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().organizer,
  [(target, method) => void ApiBearerAuth()(target, method!, Object.getOwnPropertyDescriptor(target, method!)!)],
);

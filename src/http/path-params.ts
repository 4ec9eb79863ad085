import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../common/domain-errors.js';
import { brokenTextRule } from '../common/text.js';

/** Ids are 36 characters, tokens 43, slugs and file names fewer than 100. */
const MAX_PARAM_LENGTH = 100;

/**
 * Path parameters are ids, slugs, tokens and file names: one holding a control character (a
 * decoded `%00`, which PostgreSQL refuses in text), broken Unicode or more than 100 characters
 * names nothing, so it is a 404 before any guard, pipe or query sees it, on API routes and
 * pages alike, in the app's own error shape or page.
 */
export class PathParamsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const params = context.switchToHttp().getRequest<FastifyRequest>().params as Record<string, unknown> | undefined;
    for (const value of Object.values(params ?? {})) {
      if (typeof value === 'string' && (value.length > MAX_PARAM_LENGTH || brokenTextRule(value, false) !== undefined)) {
        throw new NotFoundError('The page');
      }
    }
    return true;
  }
}

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../common/domain-errors.js';

export class NotAFormError extends InvalidInputError {
  constructor() {
    super('A form is sent as named fields (application/x-www-form-urlencoded, or a JSON object).', undefined, 'not-a-form');
  }
}

/**
 * A form is named fields. A page action's body that is none (JSON null, a list, a number, a
 * string) is refused before a guard or handler reads a field of it; a POST with no body at
 * all is a form without fields.
 */
@Injectable()
export class FormBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.body === undefined) request.body = {};
    else if (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) throw new NotAFormError();
    return true;
  }
}

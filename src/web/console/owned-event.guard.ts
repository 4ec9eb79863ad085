import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../common/domain-errors.js';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    ownedEvent?: Event;
  }
}

/**
 * Loads the `:id` forum of a console page for the signed-in member's organization; another
 * organization's forum is "not found", as in the API. Runs after the session guard.
 */
@Injectable()
export class OwnedEventGuard implements CanActivate {
  constructor(private readonly events: EventsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.organizer) throw new UnauthorizedError();
    const id = (request.params as Record<string, string>).id ?? '';
    request.ownedEvent = await this.events.findOwned(request.organizer.organizationId, id);
    return true;
  }
}

/** The forum the OwnedEventGuard loaded. */
export const OwnedEvent = createParamDecorator((_: unknown, context: ExecutionContext): Event => {
  const event = context.switchToHttp().getRequest<FastifyRequest>().ownedEvent;
  if (!event) throw new Error('OwnedEvent() needs the OwnedEventGuard on its route.');
  return event;
});

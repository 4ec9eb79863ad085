import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooManyRequestsError } from '../common/throttling.js';

const LIMIT = 120;
const TTL_MS = 60_000;

/**
 * New questions per event and minute, whoever asks: participant tokens are free to make, so a
 * per-participant limit alone would not stop a flood.
 */
@Injectable()
export class QuestionsPerEventGuard implements CanActivate {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const eventId = http.getRequest<FastifyRequest<{ Params: { id: string } }>>().params.id;
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(`questions:${eventId}`, TTL_MS, LIMIT, TTL_MS, 'event');
    if (!isBlocked) return true;
    const retryAfter = Math.max(1, Math.ceil(timeToBlockExpire));
    http.getResponse<FastifyReply>().header('Retry-After', String(retryAfter));
    throw new TooManyRequestsError(retryAfter);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { tooManyRequests } from '../common/throttling.js';

const LIMIT = 120;
const TTL_MS = 60_000;

/**
 * New questions per event and minute, whoever asks: participant tokens are free to make, so a
 * per-participant limit alone would not stop a flood. Taken only once the asker is known to be a
 * participant of the event (or a member): junk tokens must not use up the hall's allowance.
 */
@Injectable()
export class QuestionsPerEventLimit {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  /** Counts one question for the event; 429 with Retry-After once the event's minute is full. */
  async take(eventId: string, reply?: FastifyReply): Promise<void> {
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(`questions:${eventId}`, TTL_MS, LIMIT, TTL_MS, 'event');
    if (isBlocked) throw tooManyRequests(reply, timeToBlockExpire);
  }
}

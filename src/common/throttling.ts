import { createHash } from 'node:crypto';
import { applyDecorators, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Throttle, ThrottlerGuard, ThrottlerModuleOptions, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-errors.js';

const CREDENTIAL_KEY = 'townhall:throttle-credential';
const BUCKET_KEY = 'townhall:throttle-bucket';
type CredentialOf = (request: FastifyRequest) => unknown;

/**
 * Limits a route per credential (an email, a token, an account) rather than per address,
 * because a whole hall shares one IP address on the venue's Wi-Fi. Routes naming the same
 * `bucket` share their counts (an API route and the page form doing the same thing).
 */
export function ThrottlePerCredential(credentialOf: CredentialOf, limit: number, ttlMs: number, bucket?: string) {
  return applyDecorators(
    SetMetadata(CREDENTIAL_KEY, credentialOf),
    SetMetadata(BUCKET_KEY, bucket),
    Throttle({ credential: { limit, ttl: ttlMs } }),
  );
}

/** The credential in a route parameter, e.g. a manage token in `/api/rsvps/:token`. */
export const fromParam = (name: string) => (request: FastifyRequest) =>
  (request.params as Record<string, string | undefined> | undefined)?.[name];

/** The credential in a body field, e.g. the email of a login. */
export const fromBody = (field: string) => (request: FastifyRequest) =>
  (request.body as Record<string, unknown> | undefined)?.[field];

function credentialOf(context: ExecutionContext): CredentialOf | undefined {
  return Reflect.getMetadata(CREDENTIAL_KEY, context.getHandler()) as CredentialOf | undefined;
}

/** Per-IP only at a level no crowd reaches; per credential where a route asks for it. */
export const throttlerOptions: ThrottlerModuleOptions = {
  setHeaders: false,
  throttlers: [
    { name: 'ip', limit: 1000, ttl: 60_000 },
    {
      name: 'credential',
      limit: Number.MAX_SAFE_INTEGER,
      ttl: 60_000,
      skipIf: (context) => credentialOf(context) === undefined,
      getTracker: (request, context) => {
        const value = credentialOf(context)?.(request as FastifyRequest);
        return typeof value === 'string' ? value.trim().toLowerCase() : '(none)';
      },
      generateKey: (context, tracker, name) => {
        const bucket = (Reflect.getMetadata(BUCKET_KEY, context.getHandler()) as string | undefined) ?? `${context.getClass().name}-${context.getHandler().name}`;
        return createHash('sha256').update(`${bucket}-${name}-${tracker}`).digest('hex');
      },
    },
  ],
};

export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too-many-requests', `Too many requests. Please wait ${retryAfterSeconds} seconds and try again.`);
  }
}

@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw tooManyRequests(context.switchToHttp().getResponse<FastifyReply>(), detail.timeToBlockExpire);
  }
}

/** The 429 of every limit: the error, with Retry-After on the reply in whole seconds. */
export function tooManyRequests(reply: FastifyReply | undefined, secondsLeft: number): TooManyRequestsError {
  const retryAfter = Math.max(1, Math.ceil(secondsLeft));
  reply?.header('Retry-After', String(retryAfter));
  return new TooManyRequestsError(retryAfter);
}

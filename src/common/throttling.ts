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
export const fromBody = (field: string) => (request: FastifyRequest) => (request.body as Record<string, unknown> | undefined)?.[field];

function credentialOf(context: ExecutionContext): CredentialOf | undefined {
  return Reflect.getMetadata(CREDENTIAL_KEY, context.getHandler()) as CredentialOf | undefined;
}

/** Requests a minute per route from one address: writes only, at a level no crowd reaches. */
const PER_IP = { limit: 1000, ttl: 60_000 };

/**
 * Routes a whole hall uses at once from one Wi-Fi address (300 people voting ten times in a
 * minute make 3,000 requests): their per-address ceiling is ten times higher, and what one
 * source may do there is held by per-credential limits and per-source allowances instead.
 */
export const CrowdRoute = () => Throttle({ ip: { limit: 10 * PER_IP.limit, ttl: PER_IP.ttl } });

/**
 * Not counted per address: reading pages, lists and streams (a hall reloads and watches together),
 * and members' requests (a moderator typing paper cards on the hall's Wi-Fi): a Bearer token is
 * verified next, a bad one answered 401 at once, and members' acts are limited per account.
 */
export function exemptFromAddressCeiling(context: ExecutionContext): boolean {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return request.method === 'GET' || request.method === 'HEAD' || /^Bearer\s/i.test(request.headers.authorization ?? '');
}

/** Per-IP only at a level no crowd reaches, and never on reads; per credential where a route asks for it. */
export const throttlerOptions: ThrottlerModuleOptions = {
  setHeaders: false,
  throttlers: [
    { name: 'ip', ...PER_IP, skipIf: exemptFromAddressCeiling },
    {
      name: 'credential',
      limit: Number.MAX_SAFE_INTEGER,
      ttl: 60_000,
      // A request without the credential (an RSVP booked without an email) is limited by its route's other defences instead.
      skipIf: (context) => {
        const value = credentialOf(context)?.(context.switchToHttp().getRequest<FastifyRequest>());
        return value === undefined || value === null;
      },
      getTracker: (request, context) => {
        const value = credentialOf(context)?.(request as FastifyRequest);
        return typeof value === 'string' ? value.trim().toLowerCase() : '(none)';
      },
      generateKey: (context, tracker, name) => {
        const bucket =
          (Reflect.getMetadata(BUCKET_KEY, context.getHandler()) as string | undefined) ??
          `${context.getClass().name}-${context.getHandler().name}`;
        return createHash('sha256').update(`${bucket}-${name}-${tracker}`).digest('hex');
      },
    },
  ],
};

export class TooManyRequestsError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(secondsLeft: number, what = 'Too many requests.') {
    const seconds = Math.max(1, Math.ceil(secondsLeft));
    super('too-many-requests', `${what} Please wait ${seconds} seconds and try again.`, undefined, 'too-many-requests');
    this.retryAfterSeconds = seconds;
  }
}

@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyRequestsError(detail.timeToBlockExpire);
  }
}

/** Every 429 and 503, from a guard or a service, carries Retry-After; the error filters call this. */
export function setRetryAfter(reply: FastifyReply, exception: unknown): void {
  const retryAfter = exception instanceof DomainError ? (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { isUuid } from '../common/ids.js';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
// Tokens are 43 base64url characters; slugs are lower-case, so an upper-case letter or _ tells them apart.
const SECRET_LIKE = /^(?=.*[A-Z_])[A-Za-z0-9_-]{22,}$/;
// A token character, or its percent-escape; a run of them long enough may be a token wherever it
// sits: a link mangled on its way out of an email (`<token>.x/y`, `<token>%2Fx/y`, `<token>)/x`).
const TOKEN_CHARACTER = String.raw`(?:[A-Za-z0-9_-]|%(?:2[Dd]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]))`;
const TOKEN_RUN = new RegExp(`${TOKEN_CHARACTER}{22,}`, 'g');

/** A proxy's X-Request-Id is kept when it looks like one; otherwise a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (request as IncomingMessage & { id?: string }).id = id;
  return id;
}

/** Paths carry secret tokens (/rsvp/<token>, /api/panel/<token>); queries may too. Neither is logged. */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.replace(TOKEN_RUN, (run) => {
    const plain = decodeURIComponent(run);
    return SECRET_LIKE.test(plain) && !isUuid(plain) ? ':token' : run;
  });
}

/** Structured JSON logs with no IP, headers, bodies, emails or tokens. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // Requests are logged by logRequests() below, with the route pattern instead of the URL.
      autoLogging: false,
      // Lines logged while a request runs carry its id only, not pino-http's `req` (a URL with
      // a private link's token, the cookies, the client's address).
      quietReqLogger: true,
      quietResLogger: true,
      redact: {
        paths: [
          'email',
          '*.email',
          'password',
          '*.password',
          'token',
          '*.token',
          'accessToken',
          '*.accessToken',
          // A failed statement carries its values (an attendee's name and email) and PostgreSQL's detail repeats a duplicate key.
          'err.parameters',
          'err.detail',
          'err.driverError.detail',
        ],
        censor: '[redacted]',
      },
    },
  };
}

/** One line per request: id, method, route pattern (never the concrete path), status, time. */
export function logRequests(fastify: FastifyInstance): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onResponse', async (request, reply) => {
    const entry = {
      reqId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? loggablePath(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500) logger.error(entry, 'request failed');
    else logger.log(entry, 'request completed');
  });
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_LIKE = /^[A-Za-z0-9_-]{20,}$/;

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
  return path
    .split('/')
    .map((segment) => (SECRET_LIKE.test(segment) && !UUID.test(segment) ? ':token' : segment))
    .join('/');
}

/** Structured JSON logs: one line per request with no IP, headers, bodies, emails or tokens. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: requestIdOf,
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (request: IncomingMessage & { id?: string; originalUrl?: string }) => ({
          id: request.id,
          method: request.method,
          path: loggablePath(request.originalUrl ?? request.url),
        }),
        res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      },
      redact: {
        paths: ['email', '*.email', 'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken'],
        censor: '[redacted]',
      },
    },
  };
}

import { STATUS_CODES } from 'node:http';
import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  NotFoundException,
  Optional,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, MovedError, type DomainErrorKind, type FieldProblem } from '../common/domain-errors.js';
import type { ErrorCode } from '../common/error-codes.js';
import { DatabaseBusyError, DatabaseUnavailableError, isDatabaseBusy, isDatabaseUnavailable } from '../common/postgres-errors.js';
import { setRetryAfter } from '../common/throttling.js';

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  /** Stable, lower-kebab: what clients and pages branch on (API.md "Error codes"). */
  code: ErrorCode;
  message: string;
  details?: FieldProblem[];
}

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'too-many-requests': 429,
  unavailable: 503,
};

/** Messages and codes for Fastify's own failures, which happen before any route runs. */
const FASTIFY_FAILURES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', message: 'Send the body as JSON with Content-Type: application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body-too-large', message: 'The request body is too large (the limit is 100 kB).' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid-json', message: 'The body is empty although Content-Type says JSON: send a JSON object.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid-content-length', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid-json', message: 'The body is not valid JSON.' },
};

/** The code of a failure that names none of its own, by its status. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'validation-failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
  500: 'internal-error',
  503: 'unavailable',
};

/** The status the API answers a refusal with; pages that show it again give the same. */
export const statusOf = (error: DomainError): number => STATUS_OF_KIND[error.kind];

export function errorBody(statusCode: number, message: string, details?: FieldProblem[], code?: ErrorCode): ApiErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    code: code ?? CODE_OF_STATUS[statusCode] ?? (statusCode >= 500 ? 'internal-error' : 'bad-request'),
    message,
    ...(details && details.length > 0 ? { details } : {}),
  };
}

/** What the filters answer for: a busy or unreachable database is a 503 to retry, not a 500 (a bug). */
export function knownError(exception: unknown): unknown {
  if (isDatabaseBusy(exception)) return new DatabaseBusyError();
  return isDatabaseUnavailable(exception) ? new DatabaseUnavailableError() : exception;
}

/** Turns anything thrown into the API's one error shape (ApiError in the OpenAPI document); unknown errors become a logged 500. */
export function toErrorBody(exception: unknown, requestId: string, logger: Logger): ApiErrorBody {
  if (exception instanceof DomainError) {
    return errorBody(statusOf(exception), exception.message, exception.details, exception.code);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const fastifyCode = (exception.cause as { code?: string } | undefined)?.code;
    const fastifyFailure = fastifyCode ? FASTIFY_FAILURES[fastifyCode] : undefined;
    if (fastifyFailure) return errorBody(status, fastifyFailure.message, undefined, fastifyFailure.code);
    const response = exception.getResponse();
    const details = typeof response === 'object' ? (response as { details?: FieldProblem[] }).details : undefined;
    return errorBody(status, sentence(httpMessage(response, exception.message)), details);
  }
  logger.error({ err: exception, reqId: requestId }, 'Unhandled error');
  return errorBody(
    HttpStatus.INTERNAL_SERVER_ERROR,
    `Something went wrong on our side. If it happens again, report request id ${requestId}.`,
  );
}

function httpMessage(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

/** The filter that answers the failures of pages outside their routes (see isUnknownPage), if the app has one. */
export const UNKNOWN_PAGE_FILTER = Symbol('UNKNOWN_PAGE_FILTER');

/**
 * A failure of a page that the pages' own filter never saw: a path no route serves, or a form
 * (every POST outside /api is one) refused before its route ran, as a body that is not UTF-8.
 */
const isUnknownPage = (exception: unknown, request: FastifyRequest) =>
  !/^\/api(\/|$)/.test(request.url) &&
  ((exception instanceof NotFoundException && request.routeOptions.url === undefined) || request.method === 'POST');

@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(@Optional() @Inject(UNKNOWN_PAGE_FILTER) private readonly unknownPages?: ExceptionFilter) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const exception = knownError(thrown);
    if (this.unknownPages && isUnknownPage(exception, request)) return void this.unknownPages.catch(exception, host);
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof MovedError) return redirectMoved(request, reply, exception);
    setRetryAfter(reply, exception);
    sendError(reply, toErrorBody(exception, request.id, this.logger));
  }
}

/**
 * The same request at the current name: every path segment that was the former name is
 * replaced. 301 (cached for good, as a former slug answers forever) for reading; 308 keeps the
 * method and body of anything else.
 */
export function redirectMoved(request: FastifyRequest, reply: FastifyReply, moved: MovedError): void {
  if (reply.sent) return;
  const [path = '', query] = request.url.split(/\?(.*)/s, 2);
  const segments = path.split('/').map((segment) => (safeDecode(segment) === moved.from ? encodeURIComponent(moved.to) : segment));
  const location = segments.join('/') + (query ? `?${query}` : '');
  const reading = request.method === 'GET' || request.method === 'HEAD';
  void reply
    .status(reading ? 301 : 308)
    .header('location', location)
    .send();
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function sendError(reply: FastifyReply, body: ApiErrorBody): void {
  if (reply.sent) return;
  void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
}

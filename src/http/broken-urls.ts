import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, sendError } from './api-error.filter.js';

/**
 * A URL whose percent-escapes are not UTF-8 (`/api/events/abc%ffdef`), with each broken byte
 * read as U+FFFD and each stray `%` as itself: what a lenient reader makes of it.
 */
export function repairedUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const repaired = path
    .replace(/%(?![0-9a-f]{2})/gi, '%25')
    .replace(/(?:%[0-9a-f]{2})+/gi, (run) => encodeURIComponent(Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8')));
  return repaired + (queryAt === -1 ? '' : url.slice(queryAt));
}

/**
 * Fastify's `frameworkErrors`: a path it cannot decode is routed again, repaired, so that it
 * gets the answer of any address that names nothing (the app's 404 in its error shape or as a
 * page, with the security headers and a log line) instead of Fastify's own body echoing the path.
 */
export function routeBrokenUrlsAgain(_error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const url = request.raw.url ?? '/';
  const repaired = repairedUrl(url);
  if (repaired === url) return sendError(reply, errorBody(400, 'The address of this request is not valid.'));
  request.raw.url = repaired;
  request.server.routing(request.raw, reply.raw);
}

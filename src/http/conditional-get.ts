import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers a cached public read with its ETag; when the client already holds that version
 * (If-None-Match), with 304 and no body. `no-cache`: clients may keep it but ask each time, so
 * a seat count is never stale in a browser either.
 */
export function conditionalGet<T>(request: FastifyRequest, reply: FastifyReply, cached: { value: T; etag: string }): T | undefined {
  reply.header('etag', cached.etag).header('cache-control', 'no-cache');
  const held = request.headers['if-none-match'];
  const matches = held !== undefined && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === cached.etag);
  if (!matches) return cached.value;
  reply.code(304);
  return undefined;
}

/** OpenAPI for a route answered by conditionalGet. */
export const ApiConditionalGet = () =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a version the client holds.' }),
    ApiResponse({ status: 304, description: 'Not modified: the client already holds this version (If-None-Match matched the ETag).' }),
  );

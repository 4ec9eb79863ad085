import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

/** A path no route matched is one label, never the path itself: it can carry a token. */
const UNMATCHED = 'unmatched';

/**
 * Times every answer by route pattern. onSend runs before a reply's body goes out and never
 * for a hijacked reply, so hours-long live streams stay out of the latency histogram.
 */
export function observeRequests(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onSend', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? UNMATCHED, reply.statusCode, reply.elapsedTime / 1000);
  });
}

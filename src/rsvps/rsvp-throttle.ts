import type { FastifyRequest } from 'fastify';
import { ThrottlePerCredential } from '../common/throttling.js';

const emailOf = (request: FastifyRequest) => (request.body as { email?: unknown } | undefined)?.email;

/**
 * RSVP requests per address, known or not, so that a 429 says nothing about it either. The API
 * and the event page's form count together.
 */
export const ThrottleRsvpsPerAddress = () => ThrottlePerCredential(emailOf, 20, 10 * 60_000, 'rsvps-per-address');

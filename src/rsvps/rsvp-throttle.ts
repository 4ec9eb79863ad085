import { fromBody, ThrottlePerCredential } from '../common/throttling.js';

/**
 * RSVP requests per address, known or not, so that a 429 says nothing about it either. The API
 * and the event page's form count together.
 */
export const ThrottleRsvpsPerAddress = () => ThrottlePerCredential(fromBody('email'), 20, 10 * 60_000, 'rsvps-per-address');

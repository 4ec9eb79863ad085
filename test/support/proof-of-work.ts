import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { TestApp } from './test-app.js';

/** A fresh challenge from the server, solved as ALTCHA's own client library would: the base64 payload for `altcha`. */
export async function solvedAltcha(t: TestApp): Promise<string> {
  const challenge = (await t.api.get('/api/rsvp-challenge')).body as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the challenge could not be solved');
  return Buffer.from(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } })).toString(
    'base64',
  );
}

/** An RSVP without an email, with its proof of work solved. */
export async function bookWithoutEmail(t: TestApp, eventId: string, body: Record<string, unknown> = {}) {
  return t.api.post(`/api/events/${eventId}/rsvps`, {
    name: 'Guest',
    partySize: 1,
    language: 'en',
    altcha: await solvedAltcha(t),
    ...body,
  });
}

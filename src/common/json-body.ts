import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from './domain-errors.js';

/** Far deeper than any DTO (an event's venue is two levels), far shallower than what overflows a recursive walk. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, found by one flat scan of the
 * text before it is parsed: validating 3,500 nested objects recursively would overflow the stack.
 * Brackets inside strings do not count. Malformed text is left to the parser to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (OPENERS.has(code) && ++depth > limit) return true;
    else if (CLOSERS.has(code)) depth--;
  }
  return false;
}

type Done = (error: Error | null, body?: unknown) => void;

/** Fastify's own JSON parser, after the depth check: the one rule for depth, for every route. */
export function depthLimitedJsonParser(parseJson: (request: FastifyRequest, text: string, done: Done) => void) {
  return (request: FastifyRequest, body: Buffer, done: Done): void => {
    const text = body.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new InvalidInputError(`The body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`));
      return;
    }
    parseJson(request, text, done);
  };
}

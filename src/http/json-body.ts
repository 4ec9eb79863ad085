import { parse as parseQueryString } from 'node:querystring';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../common/domain-errors.js';

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

export class InvalidUtf8Error extends InvalidInputError {
  constructor() {
    super('The body is not valid UTF-8: send its text in UTF-8.', undefined, 'invalid-utf8');
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * The body as text, read as UTF-8 only: another declared charset is 415 and bytes that are not
 * UTF-8 are 400, where reading them anyway would store U+FFFD in their place.
 */
function utf8Text(request: FastifyRequest, body: Buffer): string {
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new UnsupportedMediaTypeException('Send the body in UTF-8: say charset=utf-8, or no charset.');
  }
  try {
    return UTF8.decode(body);
  } catch {
    throw new InvalidUtf8Error();
  }
}

/** Fastify's own JSON parser, after the charset and depth checks: the one rule for depth, for every route. */
export function depthLimitedJsonParser(parseJson: (request: FastifyRequest, text: string, done: Done) => void) {
  return (request: FastifyRequest, body: Buffer, done: Done): void => {
    let text: string;
    try {
      text = utf8Text(request, body);
    } catch (error) {
      return done(error as Error);
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new InvalidInputError(`The body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`, undefined, 'body-too-deep'));
      return;
    }
    parseJson(request, text, done);
  };
}

/** A run of percent-escaped bytes: those of one or more characters, which must be UTF-8 too. */
const ESCAPED_BYTES = /(?:%[0-9a-f]{2})+/gi;

/**
 * The page forms' fields (repeated names become lists), from UTF-8 text whose escaped bytes
 * are UTF-8 as well: `%FF` would otherwise be kept as those three characters.
 */
export function formParser(request: FastifyRequest, body: Buffer, done: Done): void {
  let fields: Record<string, unknown>;
  try {
    const text = utf8Text(request, body);
    for (const [escaped] of text.matchAll(ESCAPED_BYTES)) {
      try {
        decodeURIComponent(escaped);
      } catch {
        throw new InvalidUtf8Error();
      }
    }
    fields = parseQueryString(text, undefined, undefined, { maxKeys: 0 });
  } catch (error) {
    return done(error as Error);
  }
  // Copied onto another object, an own `__proto__` would replace that object's prototype.
  if (Object.hasOwn(fields, '__proto__')) return done(new BadRequestException('Object contains forbidden prototype property'));
  done(null, fields);
}

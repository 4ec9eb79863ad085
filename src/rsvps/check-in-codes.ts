import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: read aloud or off a phone at the door, nothing is ambiguous. */
export const CHECK_IN_ALPHABET = 'ACDEFHJKMNPQRTUVWXY3479';

/** `K7P-4QX`: about 1.5 × 10⁸ codes, unique per event (the caller checks, under the event's lock). */
export function newCheckInCode(): string {
  const pick = () => CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)];
  const half = () => `${pick()}${pick()}${pick()}`;
  return `${half()}-${half()}`;
}

/** What someone typed (`k7p 4qx`, `K7P4QX`) as a stored code, or undefined when it cannot be one. */
export function normalizeCheckInCode(typed: string): string | undefined {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 6 || [...compact].some((char) => !CHECK_IN_ALPHABET.includes(char))) return undefined;
  return `${compact.slice(0, 3)}-${compact.slice(3)}`;
}

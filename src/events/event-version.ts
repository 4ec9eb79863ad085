import { InvalidInputError } from '../common/domain-errors.js';

/** An event's version as its ETag: `"7"`. */
export const versionTag = (version: number): string => `"${version}"`;

/**
 * The version an If-Match header names: undefined when there is none (or `*`, any version),
 * so API clients that do not send it keep working; anything but one quoted version is refused.
 */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const version = /^\s*"([1-9][0-9]{0,8})"\s*$/.exec(header)?.[1];
  if (version === undefined) {
    throw new InvalidInputError(
      'If-Match must be the event\'s ETag: its version in double quotes, such as "3".',
      [{ field: 'If-Match', message: 'must be a version in double quotes' }],
      'invalid-if-match',
    );
  }
  return Number(version);
}

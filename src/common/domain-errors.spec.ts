import { describe, expect, it } from '@jest/globals';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, UnauthorizedError } from './domain-errors.js';

describe('domain errors', () => {
  it('cannot be given a message of their own without a code (checked by the type checker)', () => {
    const made = [
      // @ts-expect-error a refusal with prose and no code
      () => new ConflictError('The event is full.'),
      // @ts-expect-error details are no code either
      () => new InvalidInputError('Bad.', [{ field: 'x', message: 'is bad' }]),
      // @ts-expect-error a message of its own needs its code
      () => new ForbiddenError('Only moderators.'),
      // @ts-expect-error a message of its own needs its code
      () => new UnauthorizedError('Send a token.'),
      // @ts-expect-error a code must be one of ERROR_CODES
      () => new ConflictError('Full.', undefined, 'made-up-code'),
      // @ts-expect-error the base class names its code too
      () => new DomainError('conflict', 'Full.', undefined),
    ];
    expect(made).toHaveLength(6);
  });

  it("name the kind's own code where the kind says it all", () => {
    expect([new UnauthorizedError().code, new ForbiddenError().code, new NotFoundError('The event').code]).toEqual([
      'unauthorized',
      'forbidden',
      'not-found',
    ]);
  });
});

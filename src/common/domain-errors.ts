import type { ErrorCode } from './error-codes.js';

/**
 * Failures the rules can name. Services throw these and stay transport-free; the global
 * filter maps each kind to its HTTP status in one place.
 */
export type DomainErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'precondition-failed' | 'too-many-requests' | 'unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * `code`: the stable, lower-kebab name of the failure (one of ERROR_CODES) that clients and
 * pages branch on, never the message. Every error names one: a kind's own (`unauthorized`,
 * `forbidden`, `not-found`) only where the kind says it all; a refusal of the rules, its own.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: FieldProblem[] | undefined,
    readonly code: ErrorCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A message of its own needs a code of its own: `new ConflictError('prose')` does not type-check. */
export class InvalidInputError extends DomainError {
  constructor(message: string, details: FieldProblem[] | undefined, code: ErrorCode) {
    super('invalid', message, details, code);
  }
}

/** Without arguments: the missing or invalid credential (`unauthorized`); a message of its own comes with its code. */
export class UnauthorizedError extends DomainError {
  constructor();
  constructor(message: string, code: ErrorCode);
  constructor(message = 'Sign in to continue: the access token is missing, expired or invalid.', code?: ErrorCode) {
    super('unauthorized', message, undefined, code ?? 'unauthorized');
  }
}

/** Without arguments: the member's role does not allow this (`forbidden`); a message of its own comes with its code. */
export class ForbiddenError extends DomainError {
  constructor();
  constructor(message: string, code: ErrorCode);
  constructor(message = 'Your role in this organization does not allow this.', code?: ErrorCode) {
    super('forbidden', message, undefined, code ?? 'forbidden');
  }
}

/** "The event was not found.": `not-found` says it all, whatever the thing. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', `${what} was not found.`, undefined, 'not-found');
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: FieldProblem[] | undefined, code: ErrorCode) {
    super('conflict', message, details, code);
  }
}

/** The client's copy is older than the stored one (If-Match): 412, nothing changed. */
export class StaleVersionError extends DomainError {
  constructor(message = 'This was changed meanwhile by someone else: reload it to see the changes, then apply yours again.') {
    super('precondition-failed', message, undefined, 'stale-version');
  }
}

/**
 * A former name of something that now answers to another (an event's old slug): not a
 * failure, so no error shape; the filters redirect the request to the current name.
 */
export class MovedError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`"${from}" is now "${to}".`);
    this.name = 'MovedError';
  }
}

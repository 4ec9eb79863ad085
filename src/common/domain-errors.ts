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
 * The stable, lower-kebab `code` of an error body: clients and pages branch on it, never on
 * the message. A kind's own code where a failure has no more specific one.
 */
const CODE_OF_KIND: Record<DomainErrorKind, string> = {
  invalid: 'validation-failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  'precondition-failed': 'precondition-failed',
  'too-many-requests': 'too-many-requests',
  unavailable: 'unavailable',
};

export class DomainError extends Error {
  readonly code: string;

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: FieldProblem[],
    code?: string,
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code ?? CODE_OF_KIND[kind];
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, details?: FieldProblem[], code?: string) {
    super('invalid', message, details, code);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in to continue: the access token is missing, expired or invalid.', code?: string) {
    super('unauthorized', message, undefined, code);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role in this organization does not allow this.', code?: string) {
    super('forbidden', message, undefined, code);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code?: string) {
    super('not-found', `${what} was not found.`, undefined, code);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: FieldProblem[], code?: string) {
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

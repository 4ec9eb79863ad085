/**
 * Failures the rules can name. Services throw these and stay transport-free; the global
 * filter maps each kind to its HTTP status in one place.
 */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'too-many-requests' | 'unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, details?: FieldProblem[]) {
    super('invalid', message, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Sign in to continue: the access token is missing, expired or invalid.') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role in this organization does not allow this.') {
    super('forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', `${what} was not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: FieldProblem[]) {
    super('conflict', message, details);
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

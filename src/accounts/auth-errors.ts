import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-errors.js';

export class WrongCredentialsError extends DomainError {
  constructor() {
    super('unauthorized', 'The email or password is incorrect.', undefined, 'wrong-credentials');
  }
}

/** No live console session: the console turns it into a redirect to the sign-in form, and back to `returnTo`. */
export class SignInRequiredError extends DomainError {
  constructor(readonly returnTo: string) {
    super('unauthorized', 'Sign in to the console to continue.', undefined, 'unauthorized');
  }
}

export class WrongCurrentPasswordError extends InvalidInputError {
  constructor() {
    super('The current password is not correct.', [{ field: 'currentPassword', message: 'is not correct' }], 'wrong-password');
  }
}

export class SignupClosedError extends ForbiddenError {
  constructor() {
    super('Sign-up is switched off on this server. Ask an owner of an organization to invite you.', 'signup-closed');
  }
}

export class EmailUnconfirmedError extends ForbiddenError {
  constructor() {
    super('Confirm your email address first with the link we sent you (resetting your password confirms it too).', 'email-unconfirmed');
  }
}

export class EmailAlreadyConfirmedError extends ConflictError {
  constructor() {
    super('Your email address is confirmed already.', undefined, 'email-already-confirmed');
  }
}

export class EmailConfirmationNotFoundError extends NotFoundError {
  constructor() {
    super('This confirmation link (it may have expired or been used already)');
  }
}

export class PasswordResetNotFoundError extends NotFoundError {
  constructor() {
    super('This password reset link (it may have expired or been used already)');
  }
}

export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('This invitation (it may have expired or been used already)');
  }
}

import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-errors.js';

export class EmailTakenError extends ConflictError {
  constructor() {
    super('An account with this email already exists. Sign in instead, or use another address.', undefined, 'email-taken');
  }
}

export class LastOwnerError extends ConflictError {
  constructor() {
    super('An organization always keeps an owner who has signed in: make another member an owner first.', undefined, 'last-owner');
  }
}

export class MemberAlreadyActiveError extends ConflictError {
  constructor() {
    super('This member has already set a password and signs in; there is no invitation to resend.', undefined, 'member-active');
  }
}

export class MemberNotFoundError extends NotFoundError {
  constructor() {
    super('The member');
  }
}

/** Publishing and messages reach strangers: they wait until an owner has confirmed their address. */
export class OwnerUnconfirmedError extends ForbiddenError {
  constructor() {
    super(
      'An owner of this organization must confirm their email address first: open the link we emailed, or ask for a new one (POST /api/auth/email-confirmation).',
      'email-unconfirmed',
    );
  }
}

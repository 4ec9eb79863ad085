import { ConflictError, NotFoundError } from '../common/domain-errors.js';

export class EmailTakenError extends ConflictError {
  constructor() {
    super('An account with this email already exists. Sign in instead, or use another address.');
  }
}

export class LastOwnerError extends ConflictError {
  constructor() {
    super('An organization always keeps an owner who has signed in: make another member an owner first.');
  }
}

export class MemberAlreadyActiveError extends ConflictError {
  constructor() {
    super('This member has already set a password and signs in; there is no invitation to resend.');
  }
}

export class MemberNotFoundError extends NotFoundError {
  constructor() {
    super('The member');
  }
}

import { ConflictError } from '../common/domain-errors.js';

export class MessageNotFailedError extends ConflictError {
  constructor() {
    super('Only a failed message can be retried.', undefined, 'message-not-failed');
  }
}

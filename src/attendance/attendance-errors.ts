import { ConflictError } from '../common/domain-errors.js';

export class NoWalkInsToTakeBackError extends ConflictError {
  constructor(total: number, takenBack: number) {
    super(`Only ${total} walk-ins were counted: there are not ${takenBack} to take back.`, undefined, 'no-walk-ins-to-take-back');
  }
}

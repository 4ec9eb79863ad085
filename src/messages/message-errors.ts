import { ConflictError, InvalidInputError, type FieldProblem } from '../common/domain-errors.js';

export class NobodyToMessageError extends ConflictError {
  constructor() {
    super('Nobody in this audience can be written to (nobody is in it, or their data was erased).', undefined, 'audience-empty');
  }
}

/** Half a translation: `details` names the part that is missing. */
export class TranslationIncompleteError extends InvalidInputError {
  constructor(problems: FieldProblem[]) {
    super('Write the Spanish subject and body both, or neither.', problems, 'translation-incomplete');
  }
}

import { InvalidInputError } from '../../common/domain-errors.js';
import type { QuestionPatch } from '../../questions/question-rules.js';

/** The buttons of a moderation queue (`action`), each one change the API's PATCH could make. */
const ACTIONS = new Map<unknown, QuestionPatch>([
  ['answered', { status: 'answered' }],
  // Takes back "answered" pressed by mistake.
  ['reopen', { status: 'approved' }],
  ['approve', { status: 'approved' }],
  ['reject', { status: 'rejected' }],
  ['pin', { pinned: true }],
  ['unpin', { pinned: false }],
]);

export function questionPatchOf(action: unknown): QuestionPatch {
  const patch = ACTIONS.get(action);
  if (!patch) throw new InvalidInputError('Unknown action.', undefined, 'validation-failed');
  return patch;
}

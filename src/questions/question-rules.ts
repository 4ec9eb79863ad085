import { isUuid } from '../common/ids.js';
import { decodeCursor, invalidCursor } from '../common/pagination.js';
import { isIsoInstant } from '../common/time-cursor.js';
import type { Event, ModerationMode } from '../events/event.entity.js';
import { isOver } from '../events/event-rules.js';
import type { PanelistRole } from '../events/panelist.entity.js';
import { QaClosedError, QaEndedError } from './question-errors.js';
import type { QuestionSource, QuestionStatus } from './question.entity.js';

/** What the live streams announce; `created` (a pending question) goes to moderators only. */
export const CHANGE_KINDS = ['created', 'approved', 'voted', 'answered', 'pinned', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface QuestionPatch {
  status?: 'approved' | 'rejected' | 'answered';
  pinned?: boolean;
}

/** Case, width and spacing do not make a different question. */
export function bodyKey(body: string): string {
  return body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Paper cards were read by a moderator already; app questions follow the event's moderation. */
export function statusOnArrival(moderation: ModerationMode, source: QuestionSource): QuestionStatus {
  return source === 'card' || moderation === 'post' ? 'approved' : 'pending';
}

export function arrivalKind(status: QuestionStatus): ChangeKind {
  return status === 'pending' ? 'created' : 'approved';
}

const KIND_OF_STATUS: Record<QuestionPatch['status'] & string, ChangeKind> = {
  approved: 'approved',
  answered: 'answered',
  rejected: 'removed',
};

/** The stream messages a change causes, in order; nothing when nothing changes. */
export function changeKinds(before: { status: QuestionStatus; pinned: boolean }, patch: QuestionPatch): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  if (patch.status !== undefined && patch.status !== before.status) kinds.push(KIND_OF_STATUS[patch.status]);
  if (patch.pinned !== undefined && patch.pinned !== before.pinned) kinds.push('pinned');
  return kinds;
}

/**
 * A plain panelist marks questions answered, and takes back a mark made by mistake (answered
 * back to approved); a moderator panelist does what members do.
 */
export function panelistMayApply(role: PanelistRole, patch: QuestionPatch, current: QuestionStatus): boolean {
  if (role === 'moderator') return true;
  const undoesAnswered = patch.status === 'approved' && current === 'answered';
  return patch.pinned === undefined && (patch.status === undefined || patch.status === 'answered' || undoesAnswered);
}

export interface QueueKey {
  answered: boolean;
  pinned: boolean;
  votes: number;
  createdAt: string;
  id: string;
}

/** The public order: open before answered, then pinned first, most votes, oldest (id breaks ties). */
export function queueKey(question: { status: string; pinned: boolean; votes: number; createdAt: Date; id: string }): unknown[] {
  return [question.status === 'answered', question.pinned, question.votes, question.createdAt.toISOString(), question.id];
}

export function decodeQueueCursor(cursor: string | undefined): QueueKey | undefined {
  const key = decodeCursor(cursor, 5);
  if (!key) return undefined;
  const [answered, pinned, votes, createdAt, id] = key;
  if (
    typeof answered !== 'boolean' ||
    typeof pinned !== 'boolean' ||
    !Number.isSafeInteger(votes) ||
    !isIsoInstant(createdAt) ||
    !isUuid(id)
  ) {
    throw invalidCursor();
  }
  return { answered, pinned, votes: votes as number, createdAt, id };
}

/**
 * Asking, joining and voting need a published event with questions on that has not ended; a
 * draft is 404 before this. Once it ends nothing new arrives, so retention erases it for good.
 */
export function assertAcceptingQuestions(event: Pick<Event, 'status' | 'questionsEnabled' | 'endsAt'>, now: Date): void {
  if (event.status === 'cancelled') throw new QaClosedError('cancelled');
  if (event.status !== 'published') throw new QaClosedError('unpublished');
  if (isOver(event, now)) throw new QaEndedError();
  if (!event.questionsEnabled) throw new QaClosedError('off');
}

import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-errors.js';
import { encodeCursor } from '../common/pagination.js';
import {
  assertAcceptingQuestions,
  bodyKey,
  changeKinds,
  decodeQueueCursor,
  panelistMayApply,
  queueKey,
  statusOnArrival,
} from './question-rules.js';

describe('question rules', () => {
  it('folds case, width and spacing when comparing bodies', () => {
    expect(bodyKey('  Will there be\n INTERPRETATION?  ')).toBe(bodyKey('will there be interpretation?'));
    expect(bodyKey('ＡＢＣ')).toBe('abc');
    expect(bodyKey('Is it free?')).not.toBe(bodyKey('Is it free'));
  });

  it('approves cards and post-moderated questions at once, holds pre-moderated ones', () => {
    expect(statusOnArrival('pre', 'app')).toBe('pending');
    expect(statusOnArrival('post', 'app')).toBe('approved');
    expect(statusOnArrival('pre', 'card')).toBe('approved');
  });

  it('announces each real change once, a rejection as a removal', () => {
    const approved = { status: 'approved' as const, pinned: false };
    expect(changeKinds(approved, { status: 'approved', pinned: false })).toEqual([]);
    expect(changeKinds(approved, { status: 'rejected' })).toEqual(['removed']);
    expect(changeKinds(approved, { status: 'answered', pinned: true })).toEqual(['answered', 'pinned']);
    expect(changeKinds({ status: 'pending', pinned: true }, { pinned: false })).toEqual(['pinned']);
  });

  it('lets a plain panelist mark answered, and take that back, only', () => {
    expect(panelistMayApply('panelist', { status: 'answered' }, 'approved')).toBe(true);
    expect(panelistMayApply('panelist', {}, 'approved')).toBe(true);
    expect(panelistMayApply('panelist', { status: 'approved' }, 'pending')).toBe(false);
    expect(panelistMayApply('panelist', { status: 'approved' }, 'rejected')).toBe(false);
    expect(panelistMayApply('panelist', { status: 'approved' }, 'answered')).toBe(true);
    expect(panelistMayApply('panelist', { status: 'answered', pinned: false }, 'approved')).toBe(false);
    expect(panelistMayApply('moderator', { status: 'rejected', pinned: true }, 'approved')).toBe(true);
  });

  it('round-trips the queue cursor and refuses a tampered one', () => {
    const question = {
      status: 'answered',
      pinned: true,
      votes: 7,
      createdAt: new Date('2026-12-03T23:30:00.123Z'),
      id: '5f0c8a59-3a8e-4f53-9d43-0d7f7a1c2b3e',
    };
    expect(decodeQueueCursor(encodeCursor(queueKey(question)))).toEqual({
      answered: true,
      pinned: true,
      votes: 7,
      createdAt: '2026-12-03T23:30:00.123Z',
      id: question.id,
    });
    expect(decodeQueueCursor(undefined)).toBeUndefined();
    for (const key of [
      ['yes', true, 7, '2026-12-03T23:30:00Z', question.id],
      [false, 1, 7, '2026-12-03T23:30:00Z', question.id],
      [false, true, 1.5, '2026-12-03T23:30:00Z', question.id],
      [false, true, 7, 'soon', question.id],
      [false, true, 7, '2026-12-03T23:30:00Z', 'x'],
    ]) {
      expect(() => decodeQueueCursor(encodeCursor(key))).toThrow(DomainError);
    }
  });

  it('takes questions only at a published event with questions on that has not ended', () => {
    const endsAt = new Date('2026-12-03T23:30:00Z');
    expect(() =>
      assertAcceptingQuestions({ status: 'published', questionsEnabled: true, endsAt }, new Date(endsAt.getTime() - 1)),
    ).not.toThrow();
    for (const event of [
      { status: 'cancelled' as const, questionsEnabled: true, endsAt },
      { status: 'draft' as const, questionsEnabled: true, endsAt },
      { status: 'published' as const, questionsEnabled: false, endsAt },
    ]) {
      expect(() => assertAcceptingQuestions(event, new Date(endsAt.getTime() - 1))).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    }
    expect(() => assertAcceptingQuestions({ status: 'published', questionsEnabled: true, endsAt }, endsAt)).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Question } from './question.entity.js';
import type { ChangeKind } from './question-rules.js';
import { toMessages } from './question-stream.js';

function question(overrides: Partial<Question> = {}): Question {
  return {
    id: '5f0c8a59-3a8e-4f53-9d43-0d7f7a1c2b3e',
    eventId: 'e',
    participantId: 'participant-secret',
    panelistId: null,
    body: 'Where can families find legal help?',
    bodyKey: 'where can families find legal help?',
    authorName: null,
    source: 'app',
    status: 'approved',
    pinned: false,
    votes: 3,
    createdAt: new Date('2026-12-03T23:30:00Z'),
    answeredAt: null,
    updatedAt: new Date('2026-12-03T23:30:00Z'),
    ...overrides,
  };
}

const change = (seq: number, kind: ChangeKind, overrides: Partial<Question> = {}) => ({ seq, kind, question: question(overrides) });

describe('stream messages', () => {
  it('formats an SSE message with the id, the event name and the public fields', () => {
    const [message] = toMessages([change(7, 'approved')]);
    expect(message!.public).toBe(`id: 7\nevent: question.approved\ndata: ${JSON.stringify({
      id: '5f0c8a59-3a8e-4f53-9d43-0d7f7a1c2b3e',
      body: 'Where can families find legal help?',
      authorName: null,
      panelistId: null,
      source: 'app',
      status: 'approved',
      pinned: false,
      votes: 3,
      createdAt: '2026-12-03T23:30:00.000Z',
      answeredAt: null,
    })}\n\n`);
    expect(message!.public).not.toContain('participant-secret');
  });

  it('shows the public nothing of a question that is pending or rejected now, and a removal as its id', () => {
    const messages = toMessages([change(1, 'created', { status: 'pending' }), change(2, 'approved', { status: 'rejected' }), change(3, 'removed', { status: 'rejected' })]);
    expect(messages.map((message) => message.public)).toEqual([null, null, `id: 3\nevent: question.removed\ndata: {"id":"5f0c8a59-3a8e-4f53-9d43-0d7f7a1c2b3e"}\n\n`]);
    expect(messages[0]!.moderator).toContain('event: question.created');
  });

  it('sends only the last of several vote changes to one question in a batch', () => {
    const other = 'a1b2c3d4-0000-4000-8000-000000000000';
    const messages = toMessages([change(1, 'voted'), change(2, 'voted', { id: other }), change(3, 'voted', { votes: 4 })]);
    expect(messages.map((message) => message.public !== null)).toEqual([false, true, true]);
    expect(messages[2]!.public).toContain('"votes":4');
  });
});

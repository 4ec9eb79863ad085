import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { FastifyReply } from 'fastify';
import type { Question } from './question.entity.js';
import type { ChangeKind } from './question-rules.js';
import type { QuestionSignals } from './question-signals.js';
import { QuestionStream, toMessages } from './question-stream.js';
import type { QuestionsRepository } from './questions.repository.js';

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
    expect(message!.public).toBe(
      `id: 7\nevent: question.approved\ndata: ${JSON.stringify({
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
      })}\n\n`,
    );
    expect(message!.public).not.toContain('participant-secret');
  });

  it('shows the public nothing of a question that is pending or rejected now, and a removal as its id', () => {
    const messages = toMessages([
      change(1, 'created', { status: 'pending' }),
      change(2, 'approved', { status: 'rejected' }),
      change(3, 'removed', { status: 'rejected' }),
    ]);
    expect(messages.map((message) => message.public)).toEqual([
      null,
      null,
      `id: 3\nevent: question.removed\ndata: {"id":"5f0c8a59-3a8e-4f53-9d43-0d7f7a1c2b3e"}\n\n`,
    ]);
    expect(messages[0]!.moderator).toContain('event: question.created');
  });

  it('sends only the last of several vote changes to one question in a batch', () => {
    const other = 'a1b2c3d4-0000-4000-8000-000000000000';
    const messages = toMessages([change(1, 'voted'), change(2, 'voted', { id: other }), change(3, 'voted', { votes: 4 })]);
    expect(messages.map((message) => message.public !== null)).toEqual([false, true, true]);
    expect(messages[2]!.public).toContain('"votes":4');
  });
});

/** Just enough of a ServerResponse to watch what the stream writes. */
class FakeResponse extends EventEmitter {
  text = '';
  headers: Record<string, string> = {};
  ended = false;
  destroyed = false;
  socket = { destroyed: false };
  writableLength = 0;
  removeHeader() {}
  writeHead(_status: number, headers: Record<string, string>) {
    this.headers = headers;
  }
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
  end() {
    this.ended = true;
  }
}

describe('stream connections', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('keeps idle streams alive with a comment every 20 seconds and ends them at shutdown', async () => {
    jest.useFakeTimers();
    const repository = { lastSeq: async () => 4, changesSince: async () => [] } as unknown as QuestionsRepository;
    const stream = new QuestionStream(repository, { onSignal: () => undefined, onRevoked: () => undefined } as unknown as QuestionSignals);
    const response = new FakeResponse();
    const reply = { hijack: () => undefined, getHeaders: () => ({ 'x-request-id': 'r1' }), raw: response, request: { ip: '127.0.0.1' } };
    await stream.open(reply as unknown as FastifyReply, 'event', 'public', undefined);
    expect(response.headers).toMatchObject({
      'x-request-id': 'r1',
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'close',
    });
    expect(response.text).toBe('retry: 3000\n\n');
    jest.advanceTimersByTime(40_000);
    expect(response.text).toBe('retry: 3000\n\n:\n\n:\n\n');
    stream.onModuleDestroy();
    expect(response.ended).toBe(true);
  });
});

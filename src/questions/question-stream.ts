import type { ServerResponse } from 'node:http';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/domain-errors.js';
import { QuestionView } from './dto/question.views.js';
import { PUBLIC_STATUSES } from './question.entity.js';
import { QuestionSignals } from './question-signals.js';
import { QuestionsRepository, type QuestionChange } from './questions.repository.js';

const HEARTBEAT_MS = 20_000;
const BATCH = 500;
/** A client that stops reading is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/**
 * How many streams this process holds open, counted in memory (nothing is stored): a stream
 * holds a socket and its buffers. Beyond `total` the next instance behind the balancer serves.
 * - `reserved` of them only for streams opened with a credential (a member's console, a
 *   panelist's link), so that the panel and the moderators never go without because the public
 *   took everything: 1,000 covers the panels and moderators of dozens of forums at once;
 * - `perAddress` for anonymous streams from one client address: a hall shares one address on
 *   the venue's Wi-Fi (150 to 300 people, some with two tabs, plus the projector screens, stay
 *   well under 1,000), while one script gets a tenth of the instance rather than all of it;
 * - `perCredential` for one member or panelist: their devices and tabs.
 */
export interface StreamLimits {
  total: number;
  reserved: number;
  perAddress: number;
  perCredential: number;
}

export const STREAM_LIMITS: Readonly<StreamLimits> = { total: 10_000, reserved: 1_000, perAddress: 1_000, perCredential: 20 };

export class TooManyStreamsError extends DomainError {
  readonly retryAfterSeconds = 10;

  constructor() {
    super('unavailable', 'This server holds as many live streams as it can; try again in a moment.', undefined, 'unavailable');
  }
}

/** One client address (or one credential) holds its whole share of the live streams. */
export class StreamShareUsedError extends DomainError {
  readonly retryAfterSeconds = 30;

  constructor() {
    super(
      'too-many-requests',
      'Too many live streams are open from here: close some pages of this forum, then try again.',
      undefined,
      'too-many-streams',
    );
  }
}

/** The public sees approved and answered questions only; moderators also pending ones. */
export type Audience = 'public' | 'moderator';

interface Client {
  response: ServerResponse;
  audience: Audience;
  /** The last sequence number this client has been given (or skipped past). */
  cursor: number;
  /** The credential it was opened with (a panelist's or member's id), whose revocation ends it. */
  holder: string | undefined;
}

interface Room {
  clients: Set<Client>;
  reading: boolean;
  again: boolean;
}

type Message = { seq: number } & Record<Audience, string | null>;

/**
 * The live Q&A streams of this process. Each event's clients share one reader of the change
 * log, woken by QuestionSignals; every client gets the changes after its own cursor, so a
 * reconnect with Last-Event-ID catches up from the log.
 */
@Injectable()
export class QuestionStream implements OnModuleDestroy {
  private readonly logger = new Logger(QuestionStream.name);
  private readonly rooms = new Map<string, Room>();
  /** Changed only by tests, which cannot open thousands of streams. */
  readonly limits: StreamLimits = { ...STREAM_LIMITS };
  private openStreamCount = 0;
  private anonymousCount = 0;
  /** Open anonymous streams by client address, and credentialed ones by credential. */
  private readonly byAddress = new Map<string, number>();
  private readonly byHolder = new Map<string, number>();
  private readonly heartbeat = setInterval(() => this.everyClient((client) => client.response.write(':\n\n')), HEARTBEAT_MS).unref();

  constructor(
    private readonly repository: QuestionsRepository,
    signals: QuestionSignals,
  ) {
    signals.onSignal((eventId) => {
      for (const id of eventId === undefined ? [...this.rooms.keys()] : [eventId]) void this.refresh(id);
    });
    // The client reconnects (EventSource does) and its credential is checked afresh.
    signals.onRevoked((holder) => this.everyClient((client) => client.holder === holder && client.response.end()));
  }

  /**
   * Takes over the reply and keeps it open until the client leaves, the server stops or `holder`
   * (the credential that opened it, if any) is revoked.
   */
  async open(reply: FastifyReply, eventId: string, audience: Audience, lastEventId: string | undefined, holder?: string): Promise<void> {
    const release = this.admit(reply.request.ip, holder);
    let last: number;
    try {
      last = await this.repository.lastSeq(eventId);
    } catch (error) {
      release();
      throw error;
    }
    const resumeFrom = /^\d{1,15}$/.test(lastEventId ?? '') ? Number(lastEventId) : last;
    reply.hijack();
    const response = reply.raw;
    // The body ends when the connection does: each message is then one plain socket write, no chunk framing.
    response.removeHeader('transfer-encoding');
    response.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      // Never reused: ending the stream (at shutdown) then closes the socket instead of idling it.
      connection: 'close',
    });
    // HEAD (which Fastify answers for every GET route) gets the headers at once, never a stream.
    if (response.req?.method === 'HEAD') {
      release();
      return void response.end();
    }
    response.write('retry: 3000\n\n');
    const client: Client = { response, audience, cursor: Math.min(resumeFrom, last), holder };
    const room = this.rooms.get(eventId) ?? { clients: new Set<Client>(), reading: false, again: false };
    this.rooms.set(eventId, room);
    room.clients.add(client);
    const leave = () => {
      if (!room.clients.delete(client)) return;
      release();
      if (room.clients.size === 0 && this.rooms.get(eventId) === room) this.rooms.delete(eventId);
    };
    response.on('close', leave);
    // It may have left while the sequence number was read.
    if (response.destroyed || response.socket?.destroyed !== false) leave();
    // Catches up a resuming client, and anything committed while this one connected.
    await this.refresh(eventId);
  }

  /**
   * Takes a place for a stream at once (before any await, so that parallel requests cannot all
   * pass the check), or throws; the function returned gives the place back, once.
   */
  private admit(address: string, holder: string | undefined): () => void {
    const { total, reserved, perAddress, perCredential } = this.limits;
    const [counts, key, share] = holder === undefined ? [this.byAddress, address, perAddress] : [this.byHolder, holder, perCredential];
    if (this.openStreamCount >= total || (holder === undefined && this.anonymousCount >= total - reserved)) throw new TooManyStreamsError();
    if ((counts.get(key) ?? 0) >= share) throw new StreamShareUsedError();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    this.openStreamCount += 1;
    if (holder === undefined) this.anonymousCount += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = counts.get(key)! - 1;
      if (left === 0) counts.delete(key);
      else counts.set(key, left);
      this.openStreamCount -= 1;
      if (holder === undefined) this.anonymousCount -= 1;
    };
  }

  /** For the open-streams gauge. */
  openStreams(): Record<Audience, number> {
    const open: Record<Audience, number> = { public: 0, moderator: 0 };
    for (const room of this.rooms.values()) for (const client of room.clients) open[client.audience] += 1;
    return open;
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    this.everyClient((client) => client.response.end());
    this.rooms.clear();
  }

  /** One reader per event at a time; a signal during a read makes it read once more. */
  private async refresh(eventId: string): Promise<void> {
    const room = this.rooms.get(eventId);
    if (!room) return;
    if (room.reading) {
      room.again = true;
      return;
    }
    room.reading = true;
    try {
      do {
        room.again = false;
        await this.deliver(eventId, room);
      } while (room.again);
    } catch (error) {
      this.logger.error(`Reading the questions of event ${eventId} failed: ${(error as Error).message}`);
    } finally {
      room.reading = false;
    }
  }

  private async deliver(eventId: string, room: Room): Promise<void> {
    for (;;) {
      if (room.clients.size === 0) return;
      const from = Math.min(...[...room.clients].map((client) => client.cursor));
      const changes = await this.repository.changesSince(eventId, from, BATCH);
      const messages = toMessages(changes);
      const last = messages.at(-1)?.seq;
      // Clients at the same place get the same bytes: each text is built and encoded once, not once per client.
      const chunks = new Map<string, Buffer | null>();
      for (const client of room.clients) {
        if (client.response.destroyed || last === undefined || last <= client.cursor) continue;
        const key = `${client.audience}:${client.cursor}`;
        let chunk = chunks.get(key);
        if (chunk === undefined) {
          chunk = serializeAfter(messages, client.cursor, client.audience);
          chunks.set(key, chunk);
        }
        client.cursor = last;
        // One write per client and batch: with hundreds of clients, writes are the cost.
        if (chunk) client.response.write(chunk);
        if (client.response.writableLength > MAX_BUFFERED_BYTES) client.response.destroy();
      }
      if (changes.length < BATCH) return;
    }
  }

  private everyClient(action: (client: Client) => unknown): void {
    for (const room of this.rooms.values()) for (const client of room.clients) action(client);
  }
}

/** What an audience is sent of the messages after `cursor`, as bytes; null when nothing. */
function serializeAfter(messages: Message[], cursor: number, audience: Audience): Buffer | null {
  let text = '';
  for (const message of messages) if (message.seq > cursor) text += message[audience] ?? '';
  return text ? Buffer.from(text) : null;
}

/**
 * Each change as each audience should get it, serialized once. The data is the question as it
 * is now, so of several vote changes to one question only the last is worth sending, and a
 * question no longer public is never shown to the public (a rejection says just its id).
 */
export function toMessages(changes: QuestionChange[]): Message[] {
  const lastVote = new Map<string, number>();
  for (const change of changes) if (change.kind === 'voted') lastVote.set(change.question.id, change.seq);
  return changes.map(({ seq, kind, question }) => {
    if (kind === 'voted' && lastVote.get(question.id) !== seq) return { seq, public: null, moderator: null };
    const text = (data: unknown) => `id: ${seq}\nevent: question.${kind}\ndata: ${JSON.stringify(data)}\n\n`;
    if (kind === 'removed') {
      const removed = text({ id: question.id });
      return { seq, public: removed, moderator: removed };
    }
    const full = text(QuestionView.of(question));
    const isPublic = kind !== 'created' && PUBLIC_STATUSES.includes(question.status);
    return { seq, public: isPublic ? full : null, moderator: full };
  });
}

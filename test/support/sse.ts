import { get, type IncomingMessage } from 'node:http';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
  /** Date.now() when its last bytes arrived. */
  receivedAt: number;
}

/**
 * A real Server-Sent Events client reading the stream as it arrives. node:http with no agent
 * rather than fetch: after a cancelled body, fetch's pool opens a spare connection that never
 * sends a request, and Node's server.close() waits for such a connection until headersTimeout.
 */
export class SseClient {
  /** Everything received, for assertions over the whole text. */
  raw = '';
  ended = false;
  /** Date.now() when the last bytes arrived. */
  lastReceivedAt = 0;
  private readonly parsed: SseMessage[] = [];
  /**
   * What arrived and was not parsed yet, stamped on arrival: parsing waits until messages are
   * asked for, so hundreds of clients in one busy process still stamp arrivals as they come.
   */
  private unparsed: [receivedAt: number, text: string][] = [];
  private buffer = '';
  private readonly waiters = new Set<() => void>();

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (text: string) => this.receive(text));
    response.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      get(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, (response) => resolve(new SseClient(response))).on(
        'error',
        reject,
      );
    });
  }

  get messages(): SseMessage[] {
    for (const [receivedAt, text] of this.unparsed) {
      this.buffer += text;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        this.parse(this.buffer.slice(0, end), receivedAt);
        this.buffer = this.buffer.slice(end + 2);
      }
    }
    this.unparsed = [];
    return this.parsed;
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  header(name: string): string | undefined {
    const value = this.response.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The first message (from the start) that matches, waiting at most `timeoutMs` for it. */
  async next(matches: (message: SseMessage) => boolean, timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(matches);
      if (found) return found;
      if (this.ended || Date.now() > deadline) {
        throw new Error(`No matching SSE message within ${timeoutMs} ms; got:\n${this.raw}`);
      }
      await this.change(deadline - Date.now());
    }
  }

  /** Resolves when the server ends the stream, or rejects after `timeoutMs`. */
  async end(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('The stream did not end.');
      await this.change(deadline - Date.now());
    }
  }

  /** Disconnects, as a closing browser tab would. */
  close(): void {
    this.response.destroy();
  }

  private change(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.waiters.add(done);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private receive(text: string): void {
    this.raw += text;
    this.lastReceivedAt = Date.now();
    this.unparsed.push([this.lastReceivedAt, text]);
    this.wake();
  }

  private parse(block: string, receivedAt: number): void {
    const message: SseMessage = { data: '', receivedAt };
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue; // a comment (heartbeat) or nothing
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') message.data += value;
    }
    if (message.event) this.parsed.push(message);
  }
}

/**
 * The live-stream clients of the vote scenario. Under `npm run bench` they run on a thread of
 * their own, so the vote load on the main thread does not delay when their messages are seen
 * to arrive; the tiny run under Jest keeps them in-process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SseClient } from '../test/support/sse.js';

export interface ListenerSetup {
  kind: 'stream-listeners';
  url: string;
  /** One header set a client: each comes from its own address, behind TRUST_PROXY. */
  headers: Record<string, string>[];
}

/** Per client, each vote count it was shown: [question id, votes, Date.now() on arrival]. */
export type Arrivals = [string, number, number][][];

export interface Heard {
  arrivals: Arrivals;
  messages: number;
}

/** Longer than the server takes to coalesce changes, far shorter than its heartbeat. */
const QUIET_MS = 1000;

export class Listeners {
  private constructor(private readonly clients: SseClient[]) {}

  static async open(url: string, headers: Record<string, string>[]): Promise<Listeners> {
    return new Listeners(await Promise.all(headers.map((set) => SseClient.open(url, set))));
  }

  get opened(): number {
    return this.clients.filter((client) => client.status === 200).length;
  }

  /**
   * Waits until the streams have been quiet for a moment (at most a minute), then reads what
   * each client was shown and closes them. Nothing is parsed while messages arrive.
   */
  async collect(): Promise<Heard> {
    const deadline = Date.now() + 60_000;
    const lastArrival = () => Math.max(...this.clients.map((client) => client.lastReceivedAt));
    while (Date.now() - lastArrival() < QUIET_MS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const arrivals: Arrivals = this.clients.map((client) =>
      client.messages
        .filter((message) => message.event === 'question.voted')
        .map((message) => {
          const { id, votes } = JSON.parse(message.data) as { id: string; votes: number };
          return [id, votes, message.receivedAt];
        }),
    );
    for (const client of this.clients) client.close();
    return { arrivals, messages: this.clients.reduce((sum, client) => sum + client.messages.length, 0) };
  }
}

const setup = workerData as ListenerSetup | undefined;
if (parentPort && setup?.kind === 'stream-listeners') {
  const port = parentPort;
  const listeners = await Listeners.open(setup.url, setup.headers);
  port.postMessage({ opened: listeners.opened });
  port.once('message', async () => {
    port.postMessage(await listeners.collect());
  });
}

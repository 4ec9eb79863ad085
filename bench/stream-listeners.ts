/**
 * The 500 stream clients of bench/questions.ts, on a thread of their own so that the vote
 * load on the main thread does not delay when their messages are seen to arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SseClient } from '../test/support/sse.js';

export interface ListenerSetup {
  url: string;
  /** One header set a client: each comes from its own address, behind TRUST_PROXY. */
  headers: Record<string, string>[];
}

/** Per client, each vote count it was shown: [question id, votes, Date.now() on arrival]. */
export type Arrivals = [string, number, number][][];

const { url, headers } = workerData as ListenerSetup;
const clients = await Promise.all(headers.map((set) => SseClient.open(url, set)));
parentPort!.postMessage({ opened: clients.filter((client) => client.status === 200).length });

parentPort!.on('message', async ({ questionIds, finalVotes }: { questionIds: string[]; finalVotes: number }) => {
  const done = (client: SseClient) =>
    questionIds.every((id) => client.messages.some((message) => message.data.includes(`"id":"${id}"`) && message.data.includes(`"votes":${finalVotes},`)));
  const deadline = Date.now() + 60_000;
  while (!clients.every(done) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const arrivals: Arrivals = clients.map((client) =>
    client.messages
      .filter((message) => message.event === 'question.voted')
      .map((message) => {
        const { id, votes } = JSON.parse(message.data) as { id: string; votes: number };
        return [id, votes, message.receivedAt];
      }),
  );
  for (const client of clients) client.close();
  parentPort!.postMessage({ arrivals, messages: clients.reduce((sum, client) => sum + client.messages.length, 0) });
});

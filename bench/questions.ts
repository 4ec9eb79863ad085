/**
 * Live Q&A under load, against a server process it starts on loopback (embedded PostgreSQL):
 * 1. votes per second: 100 participants each vote for 20 questions, 50 requests at a time;
 * 2. the same again on 20 fresh questions while 500 clients hold the public stream open, and
 *    the delay from sending each vote to each client seeing a count that includes it (p50, p99);
 *    the clients run on a worker thread (bench/stream-listeners.ts), apart from the vote load.
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/questions.js [participants=100] [questions=20] [concurrency=50] [listeners=500]
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ServerProcess } from '../test/support/server-process.js';
import type { Arrivals, ListenerSetup } from './stream-listeners.js';

const [PARTICIPANTS, QUESTIONS, CONCURRENCY, LISTENERS] = [100, 20, 50, 500].map((fallback, i) => Number(process.argv[2 + i] ?? fallback)) as [
  number,
  number,
  number,
  number,
];

interface Vote {
  questionId: string;
  votes: number;
  sentAt: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
/** Everyone comes from their own address, as on a venue's network behind TRUST_PROXY; the per-IP limit stays on. */
const from = (n: number) => ({ 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` });

async function call(base: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: options.body === undefined ? options.headers : { 'content-type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Runs the tasks `concurrency` at a time; returns the seconds it took. */
async function pool(tasks: (() => Promise<void>)[], concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
  return (performance.now() - started) / 1000;
}

const folder = await mkdtemp(join(tmpdir(), 'townhall-bench-'));
await chmod(folder, 0o755); // as root, the embedded server runs as `postgres`, which must reach it
const server = await ServerProcess.start(
  { VAR_DIR: folder, SEED_DEMO: 'false', TRUST_PROXY: 'true', LOG_LEVEL: 'warn' },
  fileURLToPath(new URL('../src/main.js', import.meta.url)),
);
try {
  await server.ready();
  const base = server.baseUrl;
  const owner = await call(base, 'POST', '/api/auth/signup', {
    body: { organizationName: 'Bench Coalition', name: 'Olivia Owner', email: 'owner@bench.example', password: 'a long enough password' },
  });
  const auth = { authorization: `Bearer ${owner.accessToken}` };
  const start = new Date(Date.now() + 86_400_000);
  const event = await call(base, 'POST', '/api/events', {
    headers: auth,
    body: {
      title: 'Bench forum',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
      timezone: 'America/New_York',
      questions: { enabled: true, moderation: 'post', allowAnonymous: true },
    },
  });
  await call(base, 'POST', `/api/events/${event.id}/publish`, { headers: auth });

  let address = 0;
  const join = async () => {
    const headers = from(++address);
    const { participantToken } = await call(base, 'POST', `/api/events/${event.id}/participants`, { headers });
    return { ...headers, 'x-participant-token': participantToken as string };
  };
  const ask = async (round: number) =>
    Promise.all(
      Array.from({ length: QUESTIONS }, async (_, i) => {
        const { question } = await call(base, 'POST', `/api/events/${event.id}/questions`, { headers: await join(), body: { body: `Question ${round}.${i}?` } });
        return question.id as string;
      }),
    );
  const participants = await Promise.all(Array.from({ length: PARTICIPANTS }, join));
  const voteOn = (questionIds: string[], record: (vote: Vote) => void = () => undefined) =>
    participants.flatMap((headers) =>
      questionIds.map((questionId) => async () => {
        const sentAt = Date.now();
        const { votes } = await call(base, 'POST', `/api/questions/${questionId}/vote`, { headers });
        record({ questionId, votes, sentAt });
      }),
    );
  const total = PARTICIPANTS * QUESTIONS;

  const quiet = await ask(1);
  const quietSeconds = await pool(voteOn(quiet), CONCURRENCY);
  const page = await call(base, 'GET', `/api/events/${event.id}/questions?limit=200`);
  const counted = page.items.reduce((sum: number, item: { votes: number }) => sum + item.votes, 0);
  console.log(`${total} votes (${PARTICIPANTS} participants x ${QUESTIONS} questions) at concurrency ${CONCURRENCY}: ${quietSeconds.toFixed(2)} s, ${(total / quietSeconds).toFixed(0)} votes/s; counted ${counted}`);

  const watched = await ask(2);
  const listeners = new Worker(new URL('./stream-listeners.js', import.meta.url), {
    workerData: {
      url: `${base}/api/events/${event.id}/questions/stream`,
      headers: Array.from({ length: LISTENERS }, (_, i) => from(100_000 + i)),
    } satisfies ListenerSetup,
  });
  const reply = <T>() => new Promise<T>((resolve, reject) => listeners.once('message', resolve).once('error', reject));
  const { opened } = await reply<{ opened: number }>();
  if (opened !== LISTENERS) throw new Error(`only ${opened} of ${LISTENERS} streams opened`);
  const sent: Vote[] = [];
  const loudSeconds = await pool(voteOn(watched, (vote) => sent.push(vote)), CONCURRENCY);
  listeners.postMessage({ questionIds: watched, finalVotes: PARTICIPANTS });
  const { arrivals, messages } = await reply<{ arrivals: Arrivals; messages: number }>();
  await listeners.terminate();

  const delays: number[] = [];
  let missing = 0;
  for (const updates of arrivals) {
    for (const vote of sent) {
      const arrival = updates.find(([id, votes]) => id === vote.questionId && votes >= vote.votes);
      if (arrival) delays.push(arrival[2] - vote.sentAt);
      else missing++;
    }
  }
  delays.sort((a, b) => a - b);
  console.log(`${total} votes with ${LISTENERS} open streams: ${loudSeconds.toFixed(2)} s, ${(total / loudSeconds).toFixed(0)} votes/s; ${messages} messages delivered (${(messages / LISTENERS).toFixed(0)} per client, votes coalesced)`);
  console.log(`vote -> seen by each of ${LISTENERS} clients: p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays[delays.length - 1]} ms over ${delays.length} (vote, client) pairs; ${missing} never seen`);
} finally {
  await server.stop();
  await rm(folder, { recursive: true, force: true });
}

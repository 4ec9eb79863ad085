import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Listeners, type Heard, type ListenerSetup } from '../stream-listeners.js';
import type { Bench } from '../suite.js';
import { SseClient } from '../../test/support/sse.js';
import {
  closedLoop,
  cpuShares,
  expectStatus,
  fromAddress,
  millis,
  peakRss,
  percentile,
  perSecond,
  pgbench,
  sortedNumbers,
  sql,
  type ResultRow,
} from '../support.js';

/**
 * The reference vote: INSERT … ON CONFLICT DO NOTHING and the count, in one statement, on the
 * real tables. A sequence deals out distinct (participant, question) pairs.
 */
const MINIMAL_VOTE = `WITH k AS (SELECT nextval('bench_vote_deal') - 1 AS k),
pair AS (SELECT p.id AS participant, q.id AS question FROM k JOIN bench_voters p ON p.n = k.k / :questions JOIN bench_ballot q ON q.n = k.k % :questions),
voted AS (INSERT INTO question_votes (question_id, participant_id) SELECT question, participant FROM pair ON CONFLICT DO NOTHING RETURNING question_id)
UPDATE questions SET votes = votes + 1 WHERE id IN (SELECT question_id FROM voted) RETURNING votes;
`;

async function qaEvent(bench: Bench): Promise<string> {
  return bench.newEvent({ questions: { enabled: true, moderation: 'post', allowAnonymous: true } });
}

async function join(bench: Bench, eventId: string): Promise<Record<string, string>> {
  const headers = bench.nextPerson();
  const { json } = await expectStatus(201, bench.base, 'POST', `/api/events/${eventId}/participants`, { headers });
  return { ...headers, 'x-participant-token': json.participantToken as string };
}

async function ask(bench: Bench, eventId: string, count: number, round: string): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { json } = await expectStatus(201, bench.base, 'POST', `/api/events/${eventId}/questions`, {
        headers: await join(bench, eventId),
        body: { body: `Question ${round}.${i}?` },
      });
      return json.question.id as string;
    }),
  );
}

interface Vote {
  questionId: string;
  votes: number;
  sentAt: number;
  answeredAt: number;
}

/**
 * Every participant votes once for every question, one vote after another as a phone does,
 * `concurrency` participants at a time.
 */
async function storm(
  bench: Bench,
  participants: Record<string, string>[],
  questionIds: string[],
  record?: (vote: Vote) => void,
): Promise<number> {
  const { concurrency } = bench.sizes.votes;
  return closedLoop(participants.length, concurrency, async (p) => {
    for (const questionId of questionIds) {
      const sentAt = Date.now();
      const { json } = await expectStatus(200, bench.base, 'POST', `/api/questions/${questionId}/vote`, { headers: participants[p]! });
      record?.({ questionId, votes: json.votes, sentAt, answeredAt: Date.now() });
    }
  });
}

async function assertCounted(bench: Bench, eventId: string, questionIds: string[], votes: number): Promise<void> {
  const rows = await sql(
    bench.databaseUrl,
    `SELECT id, votes, (SELECT count(*)::int FROM question_votes WHERE question_id = q.id) AS rows FROM questions q WHERE id = ANY($1)`,
    [questionIds],
  );
  const wrong = rows.filter((row) => row.votes !== votes || row.rows !== votes);
  if (wrong.length > 0 || rows.length !== questionIds.length) throw new Error(`Votes were miscounted: ${JSON.stringify(wrong)}`);
  const { json } = await expectStatus(200, bench.base, 'GET', `/api/events/${eventId}/questions?limit=200`);
  const shown = json.items.filter((item: { id: string }) => questionIds.includes(item.id));
  if (!shown.every((item: { votes: number }) => item.votes === votes))
    throw new Error('The question list shows other counts than were cast.');
}

/** 100 participants × 20 questions at 50 concurrent, beside pgbench casting as many in one statement each. */
export async function voteStorm(bench: Bench): Promise<ResultRow> {
  const { participants: people, questions, concurrency } = bench.sizes.votes;
  const eventId = await qaEvent(bench);
  const participants = await Promise.all(Array.from({ length: people }, () => join(bench, eventId)));
  const questionIds = await ask(bench, eventId, questions, 'storm');
  const { result: seconds, shares } = await cpuShares(bench.server.pid, () => storm(bench, participants, questionIds));
  await assertCounted(bench, eventId, questionIds, people);
  const rate = (people * questions) / seconds;

  const reference = await qaEvent(bench);
  await sql(
    bench.databaseUrl,
    `
    CREATE TABLE bench_voters AS SELECT n - 1 AS n, gen_random_uuid() AS id FROM generate_series(1, ${people}) AS n;
    CREATE TABLE bench_ballot AS SELECT n - 1 AS n, gen_random_uuid() AS id FROM generate_series(1, ${questions}) AS n;
    CREATE SEQUENCE bench_vote_deal;
    INSERT INTO participants (id, event_id, token_hash) SELECT id, '${reference}', 'bench-' || id FROM bench_voters;
    INSERT INTO questions (id, event_id, body, body_key, source, status) SELECT id, '${reference}', 'Question ' || n, 'question ' || n, 'app', 'approved' FROM bench_ballot;`,
  );
  const { tps } = await pgbench(bench.databaseUrl, MINIMAL_VOTE, concurrency, people * questions, { questions: String(questions) });
  const [counted] = await sql(
    bench.databaseUrl,
    `SELECT count(*)::int AS votes FROM question_votes v JOIN bench_ballot b ON b.id = v.question_id`,
  );
  await sql(bench.databaseUrl, `DROP TABLE bench_voters, bench_ballot; DROP SEQUENCE bench_vote_deal`);
  bench.progress(
    `vote storm: ${perSecond(rate, 'votes')}, counts exact; pgbench ${tps.toFixed(0)} tx/s (${counted.votes} votes); ${shares}`,
  );
  return {
    scenario: `vote storm: ${people} participants × ${questions} questions, ${concurrency} concurrent`,
    result: `${perSecond(rate, 'votes')}, counts exact`,
    reference: `pgbench INSERT … ON CONFLICT + count: ${tps.toFixed(0)} tx/s`,
    value: rate / tps,
    goal: '≥ 0.5',
    met: rate / tps >= 0.5,
    context: shares,
  };
}

/** Opens the clients on a worker thread when compiled, else in this process; the returned function collects what they heard. */
async function openListeners(
  bench: Bench,
  url: string,
  headers: Record<string, string>[],
): Promise<{ opened: number; collect(): Promise<Heard> }> {
  const workerFile = new URL('../stream-listeners.js', import.meta.url);
  if (!bench.compiled || !existsSync(fileURLToPath(workerFile))) {
    const listeners = await Listeners.open(url, headers);
    return { opened: listeners.opened, collect: () => listeners.collect() };
  }
  const worker = new Worker(workerFile, { workerData: { kind: 'stream-listeners', url, headers } satisfies ListenerSetup });
  const reply = <T>() => new Promise<T>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  const { opened } = await reply<{ opened: number }>();
  return {
    opened,
    collect: async () => {
      worker.postMessage('collect');
      try {
        return await reply<Heard>();
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** The same storm on fresh questions while 500 clients watch: from sending a vote to each client seeing a count that includes it. */
export async function votesToStreams(bench: Bench): Promise<ResultRow> {
  const { participants: people, questions } = bench.sizes.votes;
  const clients = bench.sizes.listeners;
  const eventId = await qaEvent(bench);
  const participants = await Promise.all(Array.from({ length: people }, () => join(bench, eventId)));
  const questionIds = await ask(bench, eventId, questions, 'watched');
  const listeners = await openListeners(
    bench,
    `${bench.base}/api/events/${eventId}/questions/stream`,
    Array.from({ length: clients }, (_, i) => fromAddress(200_000 + i)),
  );
  if (listeners.opened !== clients) throw new Error(`Only ${listeners.opened} of ${clients} streams opened.`);
  const sent: Vote[] = [];
  const { shares } = await cpuShares(bench.server.pid, () => storm(bench, participants, questionIds, (vote) => sent.push(vote)));
  const { arrivals, messages } = await listeners.collect();
  // The whole delay, and its two parts: the vote's own answer (in a closed loop at full speed,
  // mostly its wait for the server: concurrency / throughput), then the stream after it.
  const delays: number[] = [];
  const afterAnswer: number[] = [];
  let missing = 0;
  for (const updates of arrivals) {
    for (const vote of sent) {
      const arrival = updates.find(([id, votes]) => id === vote.questionId && votes >= vote.votes);
      if (!arrival) missing++;
      else {
        delays.push(arrival[2] - vote.sentAt);
        afterAnswer.push(arrival[2] - vote.answeredAt);
      }
    }
  }
  if (missing > 0) throw new Error(`${missing} (vote, client) pairs never saw their vote.`);
  const spread = (values: number[]) => {
    const sorted = sortedNumbers(values);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const whole = spread(delays);
  const answer = spread(sent.map((vote) => vote.answeredAt - vote.sentAt));
  const stream = spread(afterAnswer);
  const parts = `vote answered p50 ${millis(answer.p50)}, p99 ${millis(answer.p99)}; then seen p50 ${millis(stream.p50)}, p99 ${millis(stream.p99)}`;
  bench.progress(
    `vote → ${clients} streams: p50 ${millis(whole.p50)}, p99 ${millis(whole.p99)} (${parts}; ${(messages / clients).toFixed(0)} messages per client); ${shares}`,
  );
  return {
    scenario: `vote → ${clients} SSE clients (${people * questions} votes)`,
    result: `p50 ${millis(whole.p50)}, p99 ${millis(whole.p99)} (${parts})`,
    reference: null,
    value: whole.p99,
    goal: 'p99 ≤ 150 ms',
    met: whole.p99 <= 150,
    context: shares,
  };
}

/** Streams held open with nothing to say, as phones on a table: what each costs the server in memory. */
export async function idleStreams(bench: Bench): Promise<ResultRow> {
  const count = bench.sizes.idleStreams;
  const eventId = await qaEvent(bench);
  const url = `${bench.base}/api/events/${eventId}/questions/stream`;
  const {
    result: clients,
    startMb,
    peakMb,
  } = await peakRss(bench.server.pid, async () => {
    const opened = await Promise.all(Array.from({ length: count }, (_, i) => SseClient.open(url, fromAddress(300_000 + i))));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return opened;
  });
  const open = clients.filter((client) => client.status === 200).length;
  for (const client of clients) client.close();
  if (open !== count) throw new Error(`Only ${open} of ${count} idle streams opened.`);
  const growthMb = peakMb - startMb;
  bench.progress(`${count} idle streams: server RSS +${growthMb.toFixed(1)} MB`);
  return {
    scenario: `${count} idle SSE streams`,
    result: `server RSS +${growthMb.toFixed(1)} MB (${((growthMb * 1024) / count).toFixed(0)} kB a stream)`,
    reference: null,
    value: growthMb,
    goal: 'flat: ≤ 50 MB for 1,000',
    met: growthMb <= (50 * count) / 1000,
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from '../test/support/server-process.js';
import { SmtpSink } from '../test/support/smtp-sink.js';
import { sql } from '../test/support/test-postgres.js';
import { outboxDrain } from './scenarios/outbox-drain.js';
import { publicReads } from './scenarios/public-reads.js';
import { bookingGrowth, knownAddressTiming, rsvpBurst, rsvpLatency } from './scenarios/rsvps.js';
import { idleStreams, voteStorm, votesToStreams } from './scenarios/votes.js';
import { call, expectStatus, fromAddress, type ResultRow } from './support.js';

/** How much each scenario does: the figures, or a tiny run that only proves the suite still works. */
export interface Sizes {
  burst: { rsvps: number; concurrency: number; capacity: number; pgbenchClients: number };
  latencySeconds: number;
  knownAddress: { pairs: number };
  votes: { participants: number; questions: number; concurrency: number };
  listeners: number;
  idleStreams: number;
  reads: { requests: number; concurrency: number };
  drain: { messages: number };
  growth: { rsvps: number; bookings: number; concurrency: number };
}

export const FULL: Sizes = {
  burst: { rsvps: 3000, concurrency: 300, capacity: 150, pgbenchClients: 100 },
  latencySeconds: 10,
  knownAddress: { pairs: 15 },
  votes: { participants: 100, questions: 20, concurrency: 50 },
  listeners: 500,
  idleStreams: 1000,
  reads: { requests: 10_000, concurrency: 100 },
  drain: { messages: 1000 },
  growth: { rsvps: 10_000, bookings: 600, concurrency: 100 },
};

export const TINY: Sizes = {
  burst: { rsvps: 40, concurrency: 10, capacity: 5, pgbenchClients: 4 },
  latencySeconds: 1,
  knownAddress: { pairs: 2 },
  votes: { participants: 4, questions: 3, concurrency: 4 },
  listeners: 4,
  idleStreams: 5,
  reads: { requests: 40, concurrency: 4 },
  drain: { messages: 10 },
  growth: { rsvps: 200, bookings: 20, concurrency: 5 },
};

/** What a scenario gets: the running server, an organizer, fresh addresses and fresh events. */
export interface Bench {
  base: string;
  server: ServerProcess;
  databaseUrl: string;
  sizes: Sizes;
  /** Whether helpers run as compiled processes and threads of their own; false under Jest, which runs them in-process from source. */
  compiled: boolean;
  auth: Record<string, string>;
  newDatabase(): Promise<string>;
  smtpUrl: string;
  sink: SmtpSink;
  /** A new source address for each simulated person. */
  nextPerson(): Record<string, string>;
  newEvent(fields?: Record<string, unknown>): Promise<string>;
  progress(line: string): void;
}

export interface SuiteOptions {
  sizes: Sizes;
  /** A fresh migrated database on each call (the server's first, then one for the outbox drain). */
  newDatabase(): Promise<string>;
  /** dist/src/main.js when running compiled; the test build's otherwise. */
  main?: string;
  compiled: boolean;
  progress(line: string): void;
  /** Some of `rsvps`, `votes`, `reads`, `outbox`, `growth`; all when absent. */
  only?: string[];
}

export const SERVER_ENV = {
  // Mail is queued exactly as in production but not delivered, so delivery does not compete for the CPU.
  WORKERS_ENABLED: 'false',
  TRUST_PROXY: 'true',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
};

/** Every scenario in turn against one server process, each beside its reference; one row each. */
export async function runSuite(options: SuiteOptions): Promise<ResultRow[]> {
  const folder = await mkdtemp(join(tmpdir(), 'townhall-bench-'));
  const sink = await SmtpSink.start();
  const databaseUrl = await options.newDatabase();
  // BENCH_PROFILE=<folder>: the server writes a CPU profile there when it stops (bench/profile-summary.ts reads it).
  const profile: Record<string, string> = process.env.BENCH_PROFILE
    ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` }
    : {};
  const server = await ServerProcess.start(
    { ...SERVER_ENV, ...profile, DATABASE_URL: databaseUrl, SMTP_URL: sink.url, VAR_DIR: folder },
    options.main,
  );
  try {
    await server.ready();
    const base = server.baseUrl;
    let person = 0;
    const owner = await expectStatus(201, base, 'POST', '/api/auth/signup', {
      body: { organizationName: 'Bench Coalition', name: 'Olivia Owner', email: 'owner@bench.example', password: 'a long enough password' },
    });
    // As if the owner had opened the confirmation link: events are published only after it.
    await sql(databaseUrl, `UPDATE organizers SET email_confirmed_at = now() WHERE email = 'owner@bench.example'`);
    const auth = { authorization: `Bearer ${owner.json.accessToken}` };
    // Publishing waits for a confirmed owner; the link's email is never delivered here (no workers).
    await sql(databaseUrl, `UPDATE organizers SET email_confirmed_at = now() WHERE email = 'owner@bench.example'`);
    const bench: Bench = {
      base,
      server,
      databaseUrl,
      sizes: options.sizes,
      compiled: options.compiled,
      auth,
      newDatabase: options.newDatabase,
      smtpUrl: sink.url,
      sink,
      nextPerson: () => fromAddress(++person),
      progress: options.progress,
      newEvent: async (fields = {}) => {
        const start = new Date(Date.now() + 30 * 86_400_000);
        const event = await expectStatus(201, base, 'POST', '/api/events', {
          headers: auth,
          body: {
            title: 'Community forum',
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
            timezone: 'America/New_York',
            maxPartySize: 4,
            venue: { name: 'Fellowship hall' },
            ...fields,
          },
        });
        await expectStatus(200, base, 'POST', `/api/events/${event.json.id}/publish`, { headers: auth });
        return event.json.id as string;
      },
    };
    // Warm-up, so JIT and pools are ready before anything is timed.
    const warm = await bench.newEvent({ capacity: 10 });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(base, 'POST', `/api/events/${warm}/rsvps`, {
          headers: bench.nextPerson(),
          body: { name: 'Warm Up', email: `warm-${i}@bench.example`, partySize: 1, language: 'en' },
        }),
      ),
    );

    const rows: ResultRow[] = [];
    const wanted = (name: string) => !options.only || options.only.includes(name);
    if (wanted('rsvps')) {
      const burst = await rsvpBurst(bench);
      rows.push(...burst.rows);
      rows.push(await rsvpLatency(bench, burst.rsvpsPerSecond / 2), await knownAddressTiming(bench));
    }
    if (wanted('votes')) rows.push(await voteStorm(bench), await votesToStreams(bench), await idleStreams(bench));
    if (wanted('reads')) rows.push(await publicReads(bench));
    if (wanted('outbox')) rows.push(await outboxDrain(bench));
    if (wanted('growth')) rows.push(...(await bookingGrowth(bench)));
    return rows;
  } finally {
    await server.stop();
    await sink.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The table as text: one line a scenario, ratio or figure against its goal. */
export function formatTable(rows: ResultRow[]): string {
  const header = ['scenario', 'result', 'reference (same run)', 'ratio / figure', 'goal', 'met'];
  const lines = rows.map((row) => [
    row.scenario,
    row.result,
    row.reference ?? '—',
    Number.isFinite(row.value) ? (row.value < 10 ? row.value.toFixed(2) : row.value.toFixed(0)) : 'n/a',
    row.goal,
    row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const missed = rows.filter((row) => !row.met && row.context).map((row) => `- ${row.scenario}: goal missed; ${row.context}`);
  return [
    format(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...lines.map(format),
    ...(missed.length ? ['', ...missed] : []),
  ].join('\n');
}

/**
 * RSVP burst: N RSVPs at concurrency C over HTTP on one event of capacity 150 (mixed party
 * sizes 1–4), with pgbench running the same booking transaction in SQL at the same
 * concurrency against the same database just before and just after (on events of their own),
 * to show the database's own limit beside ours.
 * Also times a known address against a new one (the answers must not tell them apart).
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/rsvp-burst.js [N=2000] [C=100]
 *
 * Uses a throw-away embedded PostgreSQL; needs `pgbench` on the PATH. Mail workers are off,
 * so delivery does not compete for the CPU; messages are queued exactly as in production.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/app-config.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { pgbenchBookingScript } from './rsvp-transaction.js';

const N = Number(process.argv[2] ?? 2000);
const C = Number(process.argv[3] ?? 100);
const CAPACITY = 150;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const folder = await mkdtemp(join(tmpdir(), 'townhall-bench-'));
await chmod(folder, 0o755); // as root, the embedded server runs as `postgres`, which must reach it
const embedded = new EmbeddedPostgres(join(folder, 'postgres'));
const databaseUrl = await embedded.start();
const config = loadConfig({
  DATABASE_URL: databaseUrl,
  WORKERS_ENABLED: 'false',
  // Each simulated person comes from their own address, as in a real burst; the per-IP limit stays on.
  TRUST_PROXY: 'true',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  VAR_DIR: folder,
});

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

try {
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  const base = `http://127.0.0.1:${address.port}`;
  const signup = await call(base, 'POST', '/api/auth/signup', {
    organizationName: 'Bench Coalition', name: 'Olivia Owner', email: 'owner@bench.example', password: 'a long enough password',
  });
  const auth = { authorization: `Bearer ${signup.json.accessToken}` };
  const newEvent = async () => {
    const start = new Date(Date.now() + 30 * 86_400_000);
    const event = await call(base, 'POST', '/api/events', {
      title: 'Community forum', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
      timezone: 'America/New_York', capacity: CAPACITY, maxPartySize: 4, venue: { name: 'Fellowship hall' },
    }, auth);
    if (event.status !== 201) throw new Error(`creating the event answered ${event.status}: ${JSON.stringify(event.json)}`);
    await call(base, 'POST', `/api/events/${event.json.id}/publish`, undefined, auth);
    return event.json.id as string;
  };
  const book = async (eventId: string, email: string, client: number) => {
    const started = performance.now();
    const response = await call(base, 'POST', `/api/events/${eventId}/rsvps`,
      { name: 'Bench Attendee', email, partySize: (client % 4) + 1, language: client % 3 ? 'en' : 'es' },
      { 'x-forwarded-for': `10.1.${Math.floor(client / 250)}.${client % 250}` });
    if (response.status !== 202) throw new Error(`RSVP answered ${response.status}: ${JSON.stringify(response.json)}`);
    return performance.now() - started;
  };

  const pgbench = async (eventId: string, run: string) => {
    const script = join(folder, 'booking.sql');
    await writeFile(script, pgbenchBookingScript());
    const prefix = join(folder, `pgbench-${run}`);
    const output = execFileSync('pgbench', [
      '-n', '-c', String(C), '-j', '2', '-t', String(Math.ceil(N / C)), '-f', script, '-D', `event=${eventId}`,
      '-l', `--log-prefix=${prefix}`, databaseUrl,
    ], { encoding: 'utf8' });
    const latencies: number[] = [];
    for (const file of (await readdir(folder)).filter((name) => join(folder, name).startsWith(prefix))) {
      for (const line of (await readFile(join(folder, file), 'utf8')).trim().split('\n')) latencies.push(Number(line.split(' ')[2]) / 1000);
    }
    latencies.sort((a, b) => a - b);
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
    console.log(`SQL   pgbench ${latencies.length} transactions at concurrency ${C} (${run}): ${tps.toFixed(0)} tps, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
  };

  // Warm-up on another event, so JIT and pools are ready.
  const warm = await newEvent();
  await Promise.all(Array.from({ length: 50 }, (_, i) => book(warm, `warm-${i}@bench.example`, i)));
  const [before, eventId, after] = [await newEvent(), await newEvent(), await newEvent()];

  // pgbench before and after the HTTP burst (the app idle meanwhile), so a busy machine shows.
  await pgbench(before, 'before');
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: C }, async (_, client) => {
    for (let i = next++; i < N; i = next++) latencies.push(await book(eventId, `person-${i}@bench.example`, client));
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`HTTP  ${N} RSVPs at concurrency ${C}: ${(N / seconds).toFixed(0)} RSVPs/s, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} (${seconds.toFixed(2)} s)`);
  await pgbench(after, 'after');

  // Known against new, one after the other so neither waits on the other.
  const known: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < 200; i++) {
    known.push(await book(eventId, `person-${i}@bench.example`, i));
    fresh.push(await book(eventId, `late-${i}@bench.example`, i));
  }
  known.sort((a, b) => a - b);
  fresh.sort((a, b) => a - b);
  console.log(`known vs new address, 200 each, one at a time: median ${ms(percentile(known, 50))} vs ${ms(percentile(fresh, 50))}, p90 ${ms(percentile(known, 90))} vs ${ms(percentile(fresh, 90))}`);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(
    `SELECT id, seats_taken, waitlisted, (SELECT count(*)::int FROM rsvps WHERE event_id = events.id) AS rsvps
     FROM events WHERE id = ANY($1)`, [[eventId, before, after]],
  );
  await client.end();
  for (const row of rows) console.log(`event ${row.id === eventId ? 'HTTP' : 'SQL '}: ${row.seats_taken}/${CAPACITY} seats taken, ${row.waitlisted} waiting, ${row.rsvps} RSVPs`);
  await app.close();
} finally {
  await embedded.stop();
  await rm(folder, { recursive: true, force: true });
}

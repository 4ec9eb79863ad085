import type { Bench } from '../suite.js';
import {
  closedLoop,
  expectStatus,
  millis,
  peakRss,
  percentile,
  perSecond,
  pgbench,
  sleep,
  sortedNumbers,
  sql,
  type ResultRow,
} from '../support.js';

/**
 * The least a booking can be in SQL: the conditional seat UPDATE, the RSVP INSERT and the mail
 * job INSERT, in one transaction. It is the reference the HTTP burst is measured against.
 */
export const MINIMAL_BOOKING = `\\set person random(1, 2000000000)
BEGIN;
WITH taken AS (
  UPDATE events SET seats_taken = seats_taken + 1
  WHERE id = ':event' AND waitlisted = 0 AND (capacity IS NULL OR seats_taken + 1 <= capacity) RETURNING 1
) SELECT count(*) AS took FROM taken \\gset
INSERT INTO rsvps (event_id, name, email, party_size, language, status)
VALUES (':event', 'Bench Attendee', 'pgbench-' || :client_id || '-' || :person || '@bench.example', 1, 'en',
  CASE WHEN :took = 1 THEN 'confirmed' ELSE 'waitlisted' END) RETURNING id AS rsvp_id \\gset
INSERT INTO pgboss.job (id, name, data, retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds)
VALUES (gen_random_uuid(), 'mail', json_build_object('rsvpId', ':rsvp_id')::jsonb, 360, 5, true, 240, 120);
COMMIT;
`;

/** One RSVP over HTTP from its own address; returns the milliseconds it took. */
async function book(bench: Bench, eventId: string, email: string, partySize = 1): Promise<number> {
  const started = performance.now();
  await expectStatus(202, bench.base, 'POST', `/api/events/${eventId}/rsvps`, {
    headers: bench.nextPerson(),
    body: { name: 'Bench Attendee', email, partySize, language: 'en' },
  });
  return performance.now() - started;
}

/** Exactly `capacity` seats taken, everyone else queued, and nobody confirmed after anyone queued. */
async function assertFairlyBooked(bench: Bench, eventId: string, rsvps: number, capacity: number): Promise<void> {
  const [row] = await sql(
    bench.databaseUrl,
    `SELECT e.seats_taken, e.waitlisted,
       (SELECT count(*)::int FROM rsvps WHERE event_id = e.id) AS rsvps,
       (SELECT max(arrival) FROM rsvps WHERE event_id = e.id AND status = 'confirmed') AS last_confirmed,
       (SELECT min(arrival) FROM rsvps WHERE event_id = e.id AND status = 'waitlisted') AS first_waiting
     FROM events e WHERE e.id = $1`,
    [eventId],
  );
  const fair =
    row.seats_taken === capacity &&
    row.rsvps === rsvps &&
    row.waitlisted === rsvps - capacity &&
    (row.first_waiting === null || BigInt(row.last_confirmed) < BigInt(row.first_waiting));
  if (!fair) throw new Error(`The burst was not booked fairly: ${JSON.stringify(row)}`);
}

/** 3,000 distinct addresses, 300 at a time, on 150 seats; pgbench's minimal booking beside it, before and after. */
export async function rsvpBurst(bench: Bench): Promise<{ rows: ResultRow[]; rsvpsPerSecond: number }> {
  const { rsvps, concurrency, capacity, pgbenchClients } = bench.sizes.burst;
  const [before, eventId, after] = [
    await bench.newEvent({ capacity }),
    await bench.newEvent({ capacity }),
    await bench.newEvent({ capacity }),
  ];
  // pgbench on either side of the HTTP burst (the server idle meanwhile), so a busy machine shows in both.
  const reference1 = await pgbench(bench.databaseUrl, MINIMAL_BOOKING, pgbenchClients, rsvps, { event: before });
  const latencies: number[] = [];
  const {
    result: seconds,
    startMb,
    peakMb,
  } = await peakRss(bench.server.pid, () =>
    closedLoop(rsvps, concurrency, async (i) => void latencies.push(await book(bench, eventId, `person-${i}@bench.example`))),
  );
  const reference2 = await pgbench(bench.databaseUrl, MINIMAL_BOOKING, pgbenchClients, rsvps, { event: after });
  await assertFairlyBooked(bench, eventId, rsvps, capacity);
  const rate = rsvps / seconds;
  const referenceTps = (reference1.tps + reference2.tps) / 2;
  const sorted = sortedNumbers(latencies);
  bench.progress(
    `RSVP burst: ${perSecond(rate, 'RSVPs')} (p50 ${millis(percentile(sorted, 50))}, p99 ${millis(percentile(sorted, 99))}); pgbench ${referenceTps.toFixed(0)} tx/s; peak RSS ${peakMb.toFixed(0)} MB`,
  );
  return {
    rsvpsPerSecond: rate,
    rows: [
      {
        scenario: `RSVP burst: ${rsvps} addresses, ${concurrency} concurrent, capacity ${capacity}`,
        result: `${perSecond(rate, 'RSVPs')}, ${capacity} seats, rest queued in order`,
        reference: `pgbench minimal booking, ${pgbenchClients} clients: ${referenceTps.toFixed(0)} tx/s`,
        value: rate / referenceTps,
        goal: '≥ 0.5',
        met: rate / referenceTps >= 0.5,
      },
      {
        scenario: 'server RSS during the RSVP burst',
        result: `${peakMb.toFixed(0)} MB peak (${startMb.toFixed(0)} MB before)`,
        reference: null,
        value: peakMb,
        goal: '≤ 300 MB',
        met: peakMb <= 300,
      },
    ],
  };
}

/** An open loop: arrivals at a fixed rate whatever the answers do; latency counts from the planned send time. */
export async function rsvpLatency(bench: Bench, rate: number): Promise<ResultRow> {
  const eventId = await bench.newEvent({ capacity: bench.sizes.burst.capacity });
  const count = Math.max(1, Math.round(rate * bench.sizes.latencySeconds));
  const started = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const planned = started + (i * 1000) / rate;
      await sleep(Math.max(0, planned - performance.now()));
      await book(bench, eventId, `steady-${i}@bench.example`);
      return performance.now() - planned;
    }),
  );
  const p99 = percentile(sortedNumbers(latencies), 99);
  bench.progress(`RSVP latency: ${count} RSVPs at ${rate.toFixed(0)}/s, p99 ${millis(p99)}`);
  return {
    scenario: `RSVP latency: open loop at ${rate.toFixed(0)}/s (half the burst) for ${bench.sizes.latencySeconds} s`,
    result: `p50 ${millis(percentile(sortedNumbers(latencies), 50))}, p99 ${millis(p99)}`,
    reference: null,
    value: p99,
    goal: 'p99 ≤ 250 ms (100 ms floor included)',
    met: p99 <= 250,
  };
}

/**
 * A booking for an address that already holds one must answer like a new one, or the timing
 * tells an onlooker who is coming: both medians, taken in turns, one after another.
 */
export async function knownAddressTiming(bench: Bench): Promise<ResultRow> {
  const eventId = await bench.newEvent({ capacity: null });
  const known = 'already-coming@bench.example';
  await book(bench, eventId, known);
  const knownTimes: number[] = [];
  const newTimes: number[] = [];
  for (let i = 0; i < bench.sizes.knownAddress.pairs; i++) {
    knownTimes.push(await book(bench, eventId, known));
    newTimes.push(await book(bench, eventId, `new-${i}@bench.example`));
  }
  const [knownMs, newMs] = [percentile(sortedNumbers(knownTimes), 50), percentile(sortedNumbers(newTimes), 50)];
  const ratio = knownMs / newMs;
  bench.progress(`known address: median ${millis(knownMs)} against ${millis(newMs)} for a new one`);
  return {
    scenario: `RSVP for a known address vs a new one, ${bench.sizes.knownAddress.pairs} of each in turns`,
    result: `median ${millis(knownMs)}`,
    reference: `a new address in the same turns: median ${millis(newMs)}`,
    value: ratio,
    goal: '0.8–1.25 (no tell)',
    met: ratio >= 0.8 && ratio <= 1.25,
  };
}

/** Booking, the attendee list and the CSV export on an empty event against one holding 10,000 RSVPs. */
export async function bookingGrowth(bench: Bench): Promise<ResultRow[]> {
  const { rsvps, bookings, concurrency } = bench.sizes.growth;
  const [empty, full] = [await bench.newEvent({ capacity: null }), await bench.newEvent({ capacity: null })];
  await sql(
    bench.databaseUrl,
    `INSERT INTO rsvps (event_id, name, email, party_size, language, status, check_in_code)
     SELECT $1, 'Earlier Attendee', 'earlier-' || n || '@bench.example', 1, CASE WHEN n % 2 = 0 THEN 'en' ELSE 'es' END, 'confirmed', 'G' || n
     FROM generate_series(1, $2) AS n`,
    [full, rsvps],
  );
  await sql(bench.databaseUrl, `UPDATE events SET seats_taken = $2 WHERE id = $1`, [full, rsvps]);
  await sql(bench.databaseUrl, `ANALYZE rsvps`);
  const rate = async (eventId: string, label: string) =>
    bookings / (await closedLoop(bookings, concurrency, async (i) => void (await book(bench, eventId, `${label}-${i}@bench.example`))));
  const emptyRate = await rate(empty, 'first');
  const fullRate = await rate(full, 'later');

  const listTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await expectStatus(200, bench.base, 'GET', `/api/events/${full}/rsvps?limit=50`, { headers: bench.auth });
    listTimes.push(performance.now() - started);
  }
  const listMs = percentile(sortedNumbers(listTimes), 50);
  const exportStarted = performance.now();
  const {
    result: csv,
    startMb,
    peakMb,
  } = await peakRss(bench.server.pid, () =>
    expectStatus(200, bench.base, 'GET', `/api/events/${full}/rsvps?format=csv`, { headers: bench.auth }),
  );
  const exportMs = performance.now() - exportStarted;
  const lines = csv.text.trim().split('\n').length - 1;
  if (lines !== rsvps + bookings) throw new Error(`The export held ${lines} RSVPs instead of ${rsvps + bookings}.`);
  const growthMb = peakMb - startMb;
  bench.progress(
    `growth: ${perSecond(emptyRate, 'bookings')} at 0 vs ${perSecond(fullRate, 'bookings')} at ${rsvps}; list ${millis(listMs)}; export ${millis(exportMs)} (+${growthMb.toFixed(0)} MB)`,
  );
  return [
    {
      scenario: `growth: booking with ${rsvps} RSVPs vs 0 (${concurrency} concurrent)`,
      result: perSecond(fullRate, 'bookings'),
      reference: `the same at 0 RSVPs: ${perSecond(emptyRate, 'bookings')}`,
      value: fullRate / emptyRate,
      goal: '≥ 0.9',
      met: fullRate / emptyRate >= 0.9,
    },
    {
      scenario: `growth: attendee list page with ${rsvps} RSVPs`,
      result: `median ${millis(listMs)} of 20`,
      reference: null,
      value: listMs,
      goal: '≤ 50 ms',
      met: listMs <= 50,
    },
    {
      scenario: `growth: CSV export of ${rsvps + bookings} RSVPs`,
      result: `${millis(exportMs)}, server RSS +${growthMb.toFixed(0)} MB`,
      reference: null,
      value: exportMs,
      goal: '≤ 2 s, memory flat (RSS +≤ 50 MB)',
      met: exportMs <= 2000 && growthMb <= 50,
    },
  ];
}

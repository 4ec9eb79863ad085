import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { ACQUIRE_TIMEOUT_MS, dataSourceOptions } from '../../../src/database/data-source-options.js';
import { newCheckInCode } from '../../../src/rsvps/check-in-codes.js';
import { eventBody, newEvent, newPublishedEvent, panelistBody, tonight } from '../../support/event-factory.js';
import { expectErrorShape, type ApiResponse } from '../../support/http.js';
import { QaFactory } from '../../support/questions.js';
import { rsvp, rsvpBody } from '../../support/rsvps.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';
import { guardTransactions } from '../../support/transaction-guard.js';

/**
 * More requests at once than the pool has connections, at every transactional route a member
 * reaches. A transaction that asked the pool for a second connection would hold one and wait for
 * another: with as many such requests as connections, every one waits, and before the acquire
 * timeout existed, for ever. Here every request must answer before that backstop could fire.
 */
describe('more concurrent requests than pool connections, at every transactional route a member reaches', () => {
  let t: TestApp;
  let org: SignedUp;
  /** The app's pool, read from the running app, and the requests fired at once: ten more. */
  let poolSize: number;
  let crowd: number;

  const times = <T>(count: number, make: (index: number) => T) => Array.from({ length: count }, (_, index) => make(index));

  /** Every response, or a failure naming the hang, once the acquire timeout would have had to step in. */
  async function allAnswer(requests: Promise<ApiResponse>[]): Promise<ApiResponse[]> {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Not every request answered within ${ACQUIRE_TIMEOUT_MS / 1000} s: the pool is deadlocked.`)),
        ACQUIRE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([Promise.all(requests), hung]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function expectHealthy(): Promise<void> {
    const health = await t.api.get('/health');
    expect(health.status).toBe(200);
  }

  const statuses = (responses: ApiResponse[]) => responses.map((response) => response.status);

  /** `count` confirmed bookings of the event, each with an email of its own; their ids and check-in codes in arrival order. */
  async function bookings(eventId: string, count: number): Promise<{ id: string; code: string }[]> {
    const booked = await Promise.all(times(count, () => rsvp(t, eventId, rsvpBody(t))));
    expect(statuses(booked)).toEqual(times(count, () => 202));
    return t.sql(`SELECT id, check_in_code AS code FROM rsvps WHERE event_id = $1 AND status = 'confirmed' ORDER BY arrival`, [eventId]);
  }

  beforeAll(async () => {
    // As production runs: the test-time guard would turn the deadlock this file looks for into an error.
    t = await TestApp.start({}, { transactionGuard: false });
    org = await t.newOrganization();
    poolSize = (t.app.get(DataSource).driver as PostgresDriver).master.options.max;
    crowd = poolSize + 10;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('at the door: walk-ins, check-in by code and by id, undo, offline syncs, cancelling a booking', () => {
    let event: { id: string };
    let byCode: { id: string; code: string }[];
    let byId: { id: string }[];
    let cancelled: { id: string }[];
    const attendance = async () => (await t.api.get(`/api/events/${event.id}/attendance`, { token: org.token })).body;

    beforeAll(async () => {
      event = await newPublishedEvent(t, org.token, { capacity: 1000, ...tonight() });
      const booked = await bookings(event.id, 3 * crowd);
      [byCode, byId, cancelled] = [booked.slice(0, crowd), booked.slice(crowd, 2 * crowd), booked.slice(2 * crowd)];
    });

    it('counts every walk-in once, each answer seeing the ones before it', async () => {
      const answers = await allAnswer(
        times(crowd, () => t.api.post(`/api/events/${event.id}/walk-ins`, { delta: 1 }, { token: org.token })),
      );
      expect(statuses(answers)).toEqual(times(crowd, () => 200));
      // Serialized by the event's lock: the totals the doors saw are 1, 2, … crowd, each once.
      expect(answers.map((answer) => answer.body.walkIns).sort((a, b) => a - b)).toEqual(times(crowd, (index) => index + 1));
      expect(await attendance()).toMatchObject({ walkIns: crowd, inside: crowd });
      await expectHealthy();
    });

    it('checks in by code, known and unknown, and by id', async () => {
      const known = new Set(byCode.map((booking) => booking.code));
      const unknown = times(crowd, () => newCheckInCode()).filter((code) => !known.has(code));
      const check = (code: string) => t.api.post(`/api/events/${event.id}/check-in`, { code }, { token: org.token });
      const [valid, invalid] = await Promise.all([
        allAnswer(byCode.map((booking) => check(booking.code))),
        allAnswer(unknown.map((code) => check(code))),
      ]);
      expect(valid.map((answer) => [answer.status, answer.body.alreadyCheckedIn])).toEqual(times(crowd, () => [200, false]));
      for (const answer of invalid) expect(expectErrorShape(answer, 404).code).toBe('not-found');

      const ids = await allAnswer(
        byId.map(({ id }) => t.api.post(`/api/events/${event.id}/rsvps/${id}/check-in`, undefined, { token: org.token })),
      );
      expect(statuses(ids)).toEqual(times(crowd, () => 200));
      expect(await attendance()).toMatchObject({ walkIns: crowd, inside: 3 * crowd });
      await expectHealthy();
    });

    it('undoes check-ins', async () => {
      const undone = await allAnswer(
        byCode.map(({ id }) => t.api.delete(`/api/events/${event.id}/rsvps/${id}/check-in`, { token: org.token })),
      );
      expect(undone.map((answer) => [answer.status, answer.body.checkedInAt])).toEqual(times(crowd, () => [200, null]));
      expect(await attendance()).toMatchObject({ walkIns: crowd, inside: 2 * crowd });
      const [{ checked }] = await t.sql(`SELECT count(*)::int AS checked FROM rsvps WHERE event_id = $1 AND checked_in_at IS NOT NULL`, [
        event.id,
      ]);
      expect(checked).toBe(crowd);
      await expectHealthy();
    });

    it('syncs the queues of as many doors as come back online at once, each scan and walk-in once', async () => {
      const before = await attendance();
      const scannedAt = new Date().toISOString();
      // Every door scanned every code of the first group offline (it was let out again above) and counted one walk-in.
      const batch = (door: number) => ({
        device: `door-${door}`,
        checkIns: byCode.map(({ code }) => ({ id: randomUUID(), code, at: scannedAt })),
        walkIns: [{ id: randomUUID(), delta: 1, at: scannedAt }],
      });
      const answers = await allAnswer(
        times(crowd, (door) => t.api.post(`/api/events/${event.id}/check-ins/sync`, batch(door), { token: org.token })),
      );
      expect(statuses(answers)).toEqual(times(crowd, () => 200));
      type Result = { outcome: string; partySize?: number };
      const checkedIn = answers.flatMap((answer) => answer.body.results as Result[]).filter((result) => result.outcome === 'checked-in');
      // One door is told "checked in" for each party, the others "already", however their syncs interleaved.
      expect(checkedIn).toHaveLength(crowd);
      const people = checkedIn.reduce((sum, result) => sum + result.partySize!, 0);
      expect(await attendance()).toMatchObject({ walkIns: before.walkIns + crowd, inside: before.inside + crowd + people });
      const conflicts = await t.api.get(`/api/events/${event.id}/check-ins/conflicts`, { token: org.token });
      expect(conflicts.body.items).toHaveLength(crowd);
      await expectHealthy();
    });

    it('cancels bookings for their attendees, freeing exactly their seats', async () => {
      const answers = await allAnswer(cancelled.map(({ id }) => t.api.delete(`/api/events/${event.id}/rsvps/${id}`, { token: org.token })));
      expect(answers.map((answer) => [answer.status, answer.body.rsvp?.status])).toEqual(times(crowd, () => [200, 'cancelled']));
      const [row] = await t.sql(
        `SELECT seats_taken, (SELECT count(*)::int FROM rsvps WHERE event_id = $1 AND status = 'cancelled') AS cancelled FROM events WHERE id = $1`,
        [event.id],
      );
      expect(row).toEqual({ seats_taken: 2 * crowd, cancelled: crowd });
      await expectHealthy();
    });
  });

  it('releases a burst once, however many members release it at the same moment', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 1000 });
    const burst = await bookings(event.id, crowd);
    const window = { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const answers = await allAnswer(times(crowd, () => t.api.post(`/api/events/${event.id}/rsvps/release`, window, { token: org.token })));
    expect(statuses(answers)).toEqual(times(crowd, () => 200));
    expect(answers.reduce((sum, answer) => sum + answer.body.released, 0)).toBe(burst.length);
    const [row] = await t.sql(
      `SELECT seats_taken, (SELECT count(*)::int FROM rsvps WHERE event_id = $1 AND status = 'confirmed') AS confirmed FROM events WHERE id = $1`,
      [event.id],
    );
    expect(row).toEqual({ seats_taken: 0, confirmed: 0 });
    await expectHealthy();
  });

  it('moderates every question of a premoderated forum', async () => {
    const qa = new QaFactory(t, org);
    const event = await qa.event({ moderation: 'pre' });
    const asked = await Promise.all(
      times(crowd, async (index) => qa.ask(event.id, await qa.participant(event.id), { body: `Question number ${index}?` })),
    );
    expect(statuses(asked)).toEqual(times(crowd, () => 201));
    const answers = await allAnswer(
      asked.map(({ body }) => t.api.patch(`/api/questions/${body.question.id}`, { status: 'approved' }, { token: org.token })),
    );
    expect(statuses(answers)).toEqual(times(crowd, () => 200));
    expect(await t.sql(`SELECT status, count(*)::int AS count FROM questions WHERE event_id = $1 GROUP BY status`, [event.id])).toEqual([
      { status: 'approved', count: crowd },
    ]);
    await expectHealthy();
  });

  it('sends every message to every recipient', async () => {
    const event = await newPublishedEvent(t, org.token);
    await bookings(event.id, 2);
    const message = (index: number) => ({ audience: 'confirmed', subject: { en: `Note ${index}` }, body: { en: 'The doors open at 6.' } });
    const answers = await allAnswer(
      times(crowd, (index) => t.api.post(`/api/events/${event.id}/messages`, message(index), { token: org.token })),
    );
    expect(answers.map((answer) => [answer.status, answer.body.recipients])).toEqual(times(crowd, () => [201, 2]));
    const [row] = await t.sql(
      `SELECT count(DISTINCT m.id)::int AS messages, count(d.outbox_id)::int AS emails
         FROM event_messages m LEFT JOIN event_message_deliveries d ON d.message_id = m.id WHERE m.event_id = $1`,
      [event.id],
    );
    expect(row).toEqual({ messages: crowd, emails: 2 * crowd });
    await expectHealthy();
  });

  it('invites every panelist', async () => {
    const event = await newEvent(t, org.token);
    const answers = await allAnswer(
      times(crowd, () => t.api.post(`/api/events/${event.id}/panelists`, panelistBody(t), { token: org.token })),
    );
    expect(statuses(answers)).toEqual(times(crowd, () => 201));
    const [{ count }] = await t.sql(`SELECT count(*)::int AS count FROM panelists WHERE event_id = $1`, [event.id]);
    expect(count).toBe(crowd);
    await expectHealthy();
  });

  it('creates, publishes and moves events, each on a slug of its own', async () => {
    const body = eventBody({ title: 'Crowded forum' });
    const created = await allAnswer(times(crowd, () => t.api.post('/api/events', body, { token: org.token })));
    expect(statuses(created)).toEqual(times(crowd, () => 201));
    // A draft claims no address: each is numbered when it is published.
    const published = await allAnswer(
      created.map(({ body: event }) => t.api.post(`/api/events/${event.id}/publish`, undefined, { token: org.token })),
    );
    expect(statuses(published)).toEqual(times(crowd, () => 200));
    const first = published.map((answer) => answer.body.slug);
    expect(new Set(first).size).toBe(crowd);

    const later = eventBody({}, 40);
    const moved = await allAnswer(
      created.map(({ body: event }) =>
        t.api.patch(`/api/events/${event.id}`, { startsAt: later.startsAt, endsAt: later.endsAt }, { token: org.token }),
      ),
    );
    expect(statuses(moved)).toEqual(times(crowd, () => 200));
    const slugs = moved.map((answer) => answer.body.slug);
    expect(new Set(slugs).size).toBe(crowd);
    expect(slugs.every((slug) => !first.includes(slug))).toBe(true);
    await expectHealthy();
  });

  it('answers 503 with Retry-After once no connection comes free within the acquire timeout, and recovers by itself', async () => {
    const event = await newEvent(t, org.token);
    const dataSource = t.app.get(DataSource);
    // Every connection of the app's own pool busy for longer than the acquire timeout.
    const busyFor = ACQUIRE_TIMEOUT_MS / 1000 + 3;
    const holders = Promise.all(times(poolSize, () => dataSource.query('SELECT pg_sleep($1)', [busyFor])));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const started = performance.now();
    const timed = async (request: Promise<Response | ApiResponse>) => ({ response: await request, ms: performance.now() - started });
    const [api, page, health] = await Promise.all([
      timed(t.api.get(`/api/events/${event.id}/attendance`, { token: org.token })),
      timed(fetch(`${t.baseUrl}/rsvp/${'a'.repeat(43)}`)),
      timed(t.api.get('/health')),
    ]);
    const body = expectErrorShape(api.response as ApiResponse, 503);
    expect(body.code).toBe('database-busy');
    expect(body.message).toMatch(/try again/);
    expect(Number((api.response as ApiResponse).headers.get('retry-after'))).toBeGreaterThan(0);
    expect(api.ms).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 100);
    expect(api.ms).toBeLessThan(ACQUIRE_TIMEOUT_MS + 3000);

    const busyPage = page.response as Response;
    expect(busyPage.status).toBe(503);
    expect(busyPage.headers.get('retry-after')).not.toBeNull();
    expect(await busyPage.text()).toContain('Busy for a moment');
    // The health check gives up after its own 3 s.
    expect((health.response as ApiResponse).status).toBe(503);

    await holders;
    await expectHealthy();
    expect((await t.api.get(`/api/events/${event.id}/attendance`, { token: org.token })).status).toBe(200);
  }, 60_000);

  it('starts every connection with a statement timeout and an idle-in-transaction timeout', async () => {
    const dataSource = t.app.get(DataSource);
    expect(
      await dataSource.query(
        `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
      ),
    ).toEqual([{ statement: '30s', idle: '1min' }]);
  });
});

describe('the test-time transaction guard', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    dataSource = await new DataSource(dataSourceOptions(t.databaseUrl)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await t?.close();
  });

  it('fails a query that asks the pool for a connection while its transaction holds one, with where it was asked', async () => {
    const violations = guardTransactions(dataSource);
    // The guard prints what it fails; here that is expected.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('SELECT 1');
        await dataSource.query('SELECT 2');
      }),
    ).rejects.toThrow(/asked the pool for a connection while its transaction holds one[\s\S]*pool-exhaustion\.e2e-spec/);
    // Also a separate transaction opened inside one.
    await expect(dataSource.transaction(() => dataSource.transaction((inner) => inner.query('SELECT 3')))).rejects.toThrow(/holds one/);
    expect(violations).toHaveLength(2);
    expect(printed).toHaveBeenCalledTimes(2);
    printed.mockRestore();

    // On the transaction's manager, after it, and beside it, the pool is fine.
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT 4');
      await manager.transaction((inner) => inner.query('SELECT 5'));
    });
    await Promise.all([dataSource.transaction((manager) => manager.query('SELECT 6')), dataSource.query('SELECT 7')]);
    expect(violations).toHaveLength(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventBody } from '../../support/event-factory.js';
import { Api, type ApiResponse } from '../../support/http.js';
import { ServerProcess } from '../../support/server-process.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { SseClient } from '../../support/sse.js';
import { createTestDatabase, sql } from '../../support/test-postgres.js';
import { TEST_JWT_SECRET, TEST_PASSWORD } from '../../support/test-app.js';

function expectStatus(response: ApiResponse, status: number): ApiResponse {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response;
}

/**
 * Two real server processes (`node dist/src/main.js`) on one database, as behind a load
 * balancer: whatever one instance counts, announces or runs, the other sees, and nothing runs twice.
 */
describe('two instances on one database behave as one', () => {
  let databaseUrl: string;
  let sink: SmtpSink;
  let a: ServerProcess;
  let b: ServerProcess;
  let apiA: Api;
  let apiB: Api;
  let owner: string;
  const attendees = ['remind.one@example.org', 'remind.two@example.org'];
  let retained: { eventId: string; email: string };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    sink = await SmtpSink.start();
    const env = { DATABASE_URL: databaseUrl, SMTP_URL: sink.url, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'warn' };

    // A first instance without workers sets the stage: a forum about to start, one long over.
    const setup = await ServerProcess.start({ ...env, WORKERS_ENABLED: 'false' });
    try {
      await setup.ready();
      const api = new Api(setup.baseUrl);
      owner = expectStatus(
        await api.post('/api/auth/signup', {
          organizationName: 'Twin Coalition',
          name: 'Olga',
          email: 'owner.twins@example.org',
          password: TEST_PASSWORD,
        }),
        201,
      ).body.accessToken;
      // As if the owner had opened the confirmation link: publishing waits for it.
      await sql(databaseUrl, `UPDATE organizers SET email_confirmed_at = now() WHERE email = 'owner.twins@example.org'`);
      const soon = await publishedEvent(api, { title: 'Starting soon' });
      for (const email of attendees)
        expectStatus(await api.post(`/api/events/${soon}/rsvps`, { name: 'Rita', email, partySize: 1, language: 'en' }), 202);
      const past = await publishedEvent(api, { title: 'Long over' });
      expectStatus(
        await api.post(`/api/events/${past}/rsvps`, { name: 'Paz', email: 'erase.me@example.org', partySize: 1, language: 'en' }),
        202,
      );
      retained = { eventId: past, email: 'erase.me@example.org' };
      await sql(
        databaseUrl,
        `UPDATE events SET starts_at = now() + interval '2 hours', ends_at = now() + interval '4 hours' WHERE id = $1`,
        [soon],
      );
      await sql(
        databaseUrl,
        `UPDATE events SET starts_at = now() - interval '40 days', ends_at = now() - interval '40 days' + interval '2 hours' WHERE id = $1`,
        [past],
      );
    } finally {
      await setup.stop();
    }

    // Both start together: each runs reminders and retention at boot.
    [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    await Promise.all([a.ready(), b.ready()]);
    apiA = new Api(a.baseUrl);
    apiB = new Api(b.baseUrl);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sink?.stop();
  });

  async function publishedEvent(api: Api, overrides: Record<string, unknown>, daysAhead = 30): Promise<string> {
    const created = expectStatus(await api.post('/api/events', eventBody(overrides, daysAhead), { token: owner }), 201).body;
    expectStatus(await api.post(`/api/events/${created.id}/publish`, undefined, { token: owner }), 200);
    return created.id;
  }

  it('sends each reminder once and erases expired personal data once, though both run the tasks', async () => {
    const reminders = (email: string) => sink.messages.filter((mail) => sink.to(email)(mail) && mail.subject.startsWith('Reminder:'));
    for (const email of attendees) await sink.waitFor((mail) => sink.to(email)(mail) && mail.subject.startsWith('Reminder:'), 60_000);
    // Let both outbox workers finish whatever else they hold before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const email of attendees) expect(reminders(email)).toHaveLength(1);
    expect(await sql(databaseUrl, `SELECT count(*)::int AS n FROM event_reminders`)).toEqual([{ n: 1 }]);

    const [event] = await sql(databaseUrl, `SELECT personal_data_erased_at FROM events WHERE id = $1`, [retained.eventId]);
    expect(event.personal_data_erased_at).toBeInstanceOf(Date);
    expect(await sql(databaseUrl, `SELECT name, email FROM rsvps WHERE event_id = $1`, [retained.eventId])).toEqual([
      { name: null, email: null },
    ]);
    expect(`${a.output}\n${b.output}`).not.toMatch(/failed/i);
  });

  it('delivers a vote cast on one instance to a stream open on the other', async () => {
    const eventId = await publishedEvent(apiA, { questions: { enabled: true, moderation: 'post', allowAnonymous: true } });
    const participant = expectStatus(await apiA.post(`/api/events/${eventId}/participants`), 201).body.participantToken;
    const asked = expectStatus(
      await apiA.post(`/api/events/${eventId}/questions`, { body: 'Heard on both?' }, { headers: { 'x-participant-token': participant } }),
      201,
    );
    const stream = await SseClient.open(`${b.baseUrl}/api/events/${eventId}/questions/stream`);
    try {
      expectStatus(
        await apiA.post(`/api/questions/${asked.body.question.id}/vote`, undefined, { headers: { 'x-participant-token': participant } }),
        200,
      );
      const voted = await stream.next((message) => message.event === 'question.voted', 5000);
      expect(JSON.parse(voted.data)).toMatchObject({ id: asked.body.question.id, votes: 1 });
    } finally {
      stream.close();
    }
  });

  it('keeps a login throttled on one instance throttled on the other', async () => {
    const attempt = (api: Api) => api.post('/api/auth/login', { email: 'owner.twins@example.org', password: 'not the password!' });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 === 0 ? apiA : apiB)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    for (const api of [apiA, apiB]) {
      const throttled = await attempt(api);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it("never overbooks under an RSVP burst split over both, and counts one source's allowance across both", async () => {
    const eventId = await publishedEvent(apiA, { capacity: 20, questions: { enabled: true, moderation: 'pre', allowAnonymous: true } });
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? apiA : apiB).post(`/api/events/${eventId}/rsvps`, {
          name: 'Burst',
          email: `burst.${i}@example.org`,
          partySize: 1 + (i % 2),
          language: 'en',
        }),
      ),
    );
    expect(new Set(burst.map((response) => response.status))).toEqual(new Set([202]));
    const [seats] = await sql(databaseUrl, `SELECT seats_taken, capacity FROM events WHERE id = $1`, [eventId]);
    const [confirmed] = await sql(
      databaseUrl,
      `SELECT coalesce(sum(party_size), 0)::int AS seats FROM rsvps WHERE event_id = $1 AND status = 'confirmed'`,
      [eventId],
    );
    expect(confirmed.seats).toBe(seats.seats_taken);
    expect(seats.seats_taken).toBeLessThanOrEqual(20);
    expect(seats.seats_taken).toBeGreaterThanOrEqual(19);

    // Participants minted from one address, half on each instance: the allowance of one.
    const minted = await Promise.all(
      Array.from({ length: 410 }, (_, i) => (i % 2 === 0 ? apiA : apiB).post(`/api/events/${eventId}/participants`)),
    );
    expect(minted.filter((response) => response.status === 201)).toHaveLength(400);
    expect(minted.filter((response) => response.status === 429)).toHaveLength(10);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventBody, newPublishedEvent } from '../../support/event-factory.js';
import { eventually } from '../../support/eventually.js';
import { Api, expectErrorShape } from '../../support/http.js';
import { rsvp, rsvpBody } from '../../support/rsvps.js';
import { ServerProcess } from '../../support/server-process.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { createTestDatabase, sql, withAdmin } from '../../support/test-postgres.js';
import { TEST_JWT_SECRET, TEST_PASSWORD, TestApp } from '../../support/test-app.js';

const adminUrl = () => process.env.TOWNHALL_TEST_ADMIN_URL!;

/** Cuts this database off as an outage would: no new connections, and every open one killed (57P01). */
function cutOff(database: string) {
  return withAdmin(adminUrl(), async (client) => {
    await client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  });
}

/**
 * A real server process with workers on a database of its own, which the test takes away
 * (other test files share the cluster, never this database).
 */
describe('a database outage is a 503 with Retry-After, and the server lives through it', () => {
  let server: ServerProcess;
  let api: Api;
  let database: string;
  let owner: string;
  let event: { id: string; slug: string };

  beforeAll(async () => {
    const url = await createTestDatabase();
    database = new URL(url).pathname.slice(1);
    server = await ServerProcess.start({ DATABASE_URL: url, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
    await server.ready();
    api = new Api(server.baseUrl);
    owner = (
      await api.post('/api/auth/signup', {
        organizationName: 'Outage Org',
        name: 'Olga',
        email: 'owner.outage@example.org',
        password: TEST_PASSWORD,
      })
    ).body.accessToken;
    // As if the owner had opened the confirmation link: publishing waits for it.
    await sql(url, `UPDATE organizers SET email_confirmed_at = now() WHERE email = 'owner.outage@example.org'`);
    event = (await api.post('/api/events', eventBody(), { token: owner })).body;
    expect((await api.post(`/api/events/${event.id}/publish`, undefined, { token: owner })).status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('answers every kind of request with 503 and Retry-After while the database is gone, then recovers', async () => {
    await cutOff(database);
    const requests = [
      api.get(`/api/events/${event.id}`),
      api.get('/api/events'),
      api.get('/api/me', { token: owner }),
      api.post(`/api/events/${event.id}/rsvps`, { name: 'Rosa', email: 'rosa.outage@example.org', partySize: 1, language: 'en' }),
      api.post('/api/auth/login', { email: 'owner.outage@example.org', password: TEST_PASSWORD }),
      api.post(`/api/events/${event.id}/participants`),
    ];
    for (const response of await Promise.all(requests)) {
      const body = expectErrorShape(response, 503);
      expect(body.message).toMatch(/try again/);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // A page says so as a page, with the same status.
    const page = await fetch(`${server.baseUrl}/events/${event.slug}`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).not.toBeNull();
    expect(page.headers.get('content-type')).toMatch(/text\/html/);

    await withAdmin(adminUrl(), (client) => client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`));
    await eventually(async () => ((await api.get(`/api/events/${event.id}`)).status === 200 ? true : undefined), 20_000, 'the API back');
    expect(
      (await api.post(`/api/events/${event.id}/rsvps`, { name: 'Rosa', email: 'rosa.outage@example.org', partySize: 1, language: 'en' }))
        .status,
    ).toBe(202);
    expect(server.output).not.toMatch(/Unhandled|uncaught/i);
  }, 60_000);
});

/**
 * In this process, where an 'error' event nobody hears fails the test: connections cut while
 * bookings hold them mid-transaction and the workers deliver their mail.
 */
describe('a database dropped under running workers and requests in flight', () => {
  it('costs the requests a 503 and nothing more: no unhandled pg error event', async () => {
    const sink = await SmtpSink.start();
    const t = await TestApp.start({ SMTP_URL: sink.url });
    try {
      const org = await t.newOrganization();
      const forum = await newPublishedEvent(t, org.token);
      const inFlight = Promise.all(Array.from({ length: 60 }, () => rsvp(t, forum.id, rsvpBody(t))));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await withAdmin(adminUrl(), (client) => client.query(`DROP DATABASE ${new URL(t.databaseUrl).pathname.slice(1)} WITH (FORCE)`));
      for (const response of await inFlight) expect([202, 503]).toContain(response.status);
      // The workers poll every 2 s and the Q&A listener reconnects: time for them to meet the loss.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expectErrorShape(await t.api.get(`/api/events/${forum.id}`), 503);
    } finally {
      await t.close().catch(() => undefined);
      await sink.stop();
    }
  }, 40_000);
});

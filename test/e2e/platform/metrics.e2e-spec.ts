import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../support/event-factory.js';
import { eventually } from '../../support/eventually.js';
import { Scrape } from '../../support/metrics.js';
import { rsvp, rsvpBody } from '../../support/rsvps.js';
import { freePort } from '../../support/server-process.js';
import { SseClient } from '../../support/sse.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';
import { withAdmin } from '../../support/test-postgres.js';

const RSVP_ROUTE = '/api/events/:id/rsvps';

describe('Prometheus metrics on METRICS_PORT', () => {
  let t: TestApp;
  let org: SignedUp;
  let metricsUrl: string;
  const scrape = () => Scrape.from(metricsUrl);

  beforeAll(async () => {
    const port = await freePort();
    // No mail worker, so queued emails stay pending where the gauge can see them.
    t = await TestApp.start({ METRICS_PORT: String(port), WORKERS_ENABLED: 'false' });
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    org = await t.newOrganization();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is never served on the public port', async () => {
    const response = await t.api.get('/metrics');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('townhall_');
    expect(response.text).not.toContain('process_cpu');
  });

  it('answers only GET /metrics on its own port', async () => {
    const other = await fetch(metricsUrl.replace('/metrics', '/health'));
    expect(other.status).toBe(404);
    const posted = await fetch(metricsUrl, { method: 'POST' });
    expect(posted.status).toBe(404);
  });

  it('counts requests by route pattern and status, with no path, id or address in a label', async () => {
    const before = await scrape();
    const event = await newPublishedEvent(t, org.token, { capacity: 1, waitlistEnabled: false });
    const emails = [t.uniqueEmail('first'), t.uniqueEmail('second'), t.uniqueEmail('third')];
    const statuses = [];
    for (const email of emails) statuses.push((await rsvp(t, event.id, rsvpBody(t, { email }))).status);
    expect(statuses).toEqual([202, 409, 409]);
    await t.api.get(`/api/events/${event.id}`);
    await t.api.get('/no/such/page/with-a-Secret-Looking_Token_0123456789');

    const after = await scrape();
    const requests = (labels: Record<string, string>) =>
      after.value('townhall_http_request_duration_seconds_count', labels) -
      before.value('townhall_http_request_duration_seconds_count', labels);
    expect(requests({ method: 'POST', route: RSVP_ROUTE, status: '202' })).toBe(1);
    expect(requests({ method: 'POST', route: RSVP_ROUTE, status: '409' })).toBe(2);
    expect(requests({ method: 'GET', route: '/api/events/:id', status: '200' })).toBe(1);
    expect(requests({ route: 'unmatched', status: '404' })).toBe(1);
    // The time is real: a booking answers no sooner than its 100 ms floor.
    const seconds = (labels: Record<string, string>) =>
      after.value('townhall_http_request_duration_seconds_sum', labels) -
      before.value('townhall_http_request_duration_seconds_sum', labels);
    expect(seconds({ method: 'POST', route: RSVP_ROUTE, status: '202' })).toBeGreaterThanOrEqual(0.1);
    expect(
      after.value('townhall_http_request_duration_seconds_bucket', { method: 'POST', route: RSVP_ROUTE, status: '202', le: '+Inf' }),
    ).toBe(1);

    expect(after.text).not.toContain(event.id);
    expect(after.text).not.toContain('Secret-Looking');
    for (const email of emails) expect(after.text).not.toContain(email);
    for (const route of after.labelValues('route')) expect(route === 'unmatched' || route.startsWith('/')).toBe(true);
  });

  it('counts bookings that got no seat: full, closed and waitlisted', async () => {
    const before = await scrape();
    const full = await newPublishedEvent(t, org.token, { capacity: 1, waitlistEnabled: false });
    expect((await rsvp(t, full.id, rsvpBody(t))).status).toBe(202);
    expect((await rsvp(t, full.id, rsvpBody(t))).status).toBe(409);

    const queued = await newPublishedEvent(t, org.token, { capacity: 2, waitlistEnabled: true });
    for (let i = 0; i < 4; i++) expect((await rsvp(t, queued.id, rsvpBody(t))).status).toBe(202);

    const cancelled = await newPublishedEvent(t, org.token);
    expect((await t.api.post(`/api/events/${cancelled.id}/cancel`, { reason: 'The hall flooded.' }, { token: org.token })).status).toBe(
      200,
    );
    expect((await rsvp(t, cancelled.id, rsvpBody(t))).status).toBe(409);
    expect((await rsvp(t, cancelled.id, rsvpBody(t))).status).toBe(409);

    const after = await scrape();
    const conflicts = (reason: string) =>
      after.value('townhall_booking_conflicts_total', { reason }) - before.value('townhall_booking_conflicts_total', { reason });
    expect(conflicts('full')).toBe(1);
    expect(conflicts('waitlisted')).toBe(2);
    expect(conflicts('closed')).toBe(2);
  });

  it('reports the outbox backlog from the database, pending and failed', async () => {
    const event = await newPublishedEvent(t, org.token, { capacity: 10 });
    for (let i = 0; i < 3; i++) expect((await rsvp(t, event.id, rsvpBody(t))).status).toBe(202);
    const counts = async () =>
      Object.fromEntries(
        (await t.sql<{ status: string; count: number }>(`SELECT status, count(*)::int AS count FROM mail_outbox GROUP BY status`)).map(
          (row) => [row.status, row.count],
        ),
      );
    const stored = await counts();
    expect(stored.pending).toBeGreaterThanOrEqual(3);
    let scraped = await scrape();
    expect(scraped.value('townhall_outbox_messages', { status: 'pending' })).toBe(stored.pending);
    expect(scraped.value('townhall_outbox_messages', { status: 'failed' })).toBe(stored.failed ?? 0);

    // What the worker records when it gives up on a message; an hour-old one shows in the age.
    await t.sql(
      `UPDATE mail_outbox SET status = 'failed' WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' ORDER BY created_at LIMIT 2)`,
    );
    await t.sql(
      `UPDATE mail_outbox SET created_at = now() - interval '1 hour' WHERE id = (SELECT id FROM mail_outbox WHERE status = 'pending' ORDER BY created_at LIMIT 1)`,
    );
    scraped = await scrape();
    expect(scraped.value('townhall_outbox_messages', { status: 'pending' })).toBe(stored.pending - 2);
    expect(scraped.value('townhall_outbox_messages', { status: 'failed' })).toBe((stored.failed ?? 0) + 2);
    expect(scraped.value('townhall_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(3600);
    expect(scraped.value('townhall_outbox_oldest_pending_seconds')).toBeLessThan(3700);
  });

  it('counts the live streams open now, by audience, and not their hours in the latency histogram', async () => {
    const event = await newPublishedEvent(t, org.token);
    const streamUrl = `${t.baseUrl}/api/events/${event.id}/questions/stream`;
    const before = await scrape();
    const publicStreams = await Promise.all([SseClient.open(streamUrl), SseClient.open(streamUrl)]);
    const moderator = await SseClient.open(streamUrl, { authorization: `Bearer ${org.token}` });
    expect([...publicStreams, moderator].map((stream) => stream.status)).toEqual([200, 200, 200]);

    const open = await scrape();
    const streams = (scraped: Scrape, audience: string) => scraped.value('townhall_sse_open_streams', { audience });
    expect(streams(open, 'public')).toBe(streams(before, 'public') + 2);
    expect(streams(open, 'moderator')).toBe(streams(before, 'moderator') + 1);

    for (const stream of [...publicStreams, moderator]) stream.close();
    const closed = await eventually(
      async () => {
        const scraped = await scrape();
        return streams(scraped, 'public') === streams(before, 'public') && streams(scraped, 'moderator') === streams(before, 'moderator')
          ? scraped
          : undefined;
      },
      10_000,
      'the streams to be counted as closed',
    );
    expect(closed.value('townhall_http_request_duration_seconds_count', { route: '/api/events/:id/questions/stream' })).toBe(0);
  });

  it('includes the process metrics', async () => {
    const scraped = await scrape();
    expect(scraped.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(scraped.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(scraped.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });
});

describe('metrics while the database is gone', () => {
  it('still reports the process, and leaves the outbox numbers out rather than guessing', async () => {
    const port = await freePort();
    // Without workers: this is about the scrape, and a worker's connection cut mid-query is another matter.
    const t = await TestApp.start({ METRICS_PORT: String(port), WORKERS_ENABLED: 'false' });
    try {
      const name = new URL(t.databaseUrl).pathname.slice(1);
      await withAdmin(process.env.TOWNHALL_TEST_ADMIN_URL!, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`));
      const scraped = await Scrape.from(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(scraped.text).not.toMatch(/^townhall_outbox_messages\{/m);
      expect(scraped.value('townhall_outbox_oldest_pending_seconds')).toBeNaN();
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});

describe('metrics off by default', () => {
  it('opens no metrics listener without METRICS_PORT', async () => {
    const t = await TestApp.start();
    try {
      expect(t.config.metrics).toBeUndefined();
      expect((await t.api.get('/metrics')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

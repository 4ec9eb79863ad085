import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventBody } from '../../support/event-factory.js';
import { Api } from '../../support/http.js';
import { manageTokenIn } from '../../support/rsvps.js';
import { ServerProcess } from '../../support/server-process.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { createTestDatabase, sql } from '../../support/test-postgres.js';
import { TEST_JWT_SECRET, TEST_PASSWORD } from '../../support/test-app.js';

/** The real server's log output, as an operator's log collector would store it. */
describe('Logs never carry a live token, even from a link mangled on its way out of an email', () => {
  let server: ServerProcess;
  let sink: SmtpSink;
  let token: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const databaseUrl = await createTestDatabase();
    server = await ServerProcess.start({
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
    });
    await server.ready();
    const api = new Api(server.baseUrl);
    const owner = (
      await api.post('/api/auth/signup', {
        organizationName: 'Log Watchers',
        name: 'Olga',
        email: 'owner.logs@example.org',
        password: TEST_PASSWORD,
      })
    ).body.accessToken;
    // As if the owner had opened the confirmation link: publishing waits for it.
    await sql(databaseUrl, `UPDATE organizers SET email_confirmed_at = now() WHERE email = 'owner.logs@example.org'`);
    const event = (await api.post('/api/events', eventBody(), { token: owner })).body;
    await api.post(`/api/events/${event.id}/publish`, undefined, { token: owner });
    const booked = await api.post(`/api/events/${event.id}/rsvps`, {
      name: 'Rosa',
      email: 'rosa.logs@example.org',
      partySize: 1,
      language: 'en',
    });
    expect(booked.status).toBe(202);
    token = manageTokenIn(await sink.waitFor(sink.to('rosa.logs@example.org')), `http://localhost:${new URL(server.baseUrl).port}`)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
  });

  it('masks any run of token characters in a path that matches no route, and still logs the request', async () => {
    const mangled = [
      `/rsvp/${token}.x/y`,
      `/rsvp/${token}%2Fx/y`,
      `/rsvp/${token})/cancel/x`,
      `/api/rsvps/${token}%2Fcalendar.ics/x`,
      `/rsvp/x${token.slice(0, 30)}`,
      `/panel/(${token}/questions.`,
    ];
    for (const path of mangled) expect((await fetch(`${server.baseUrl}${path}`)).status).toBe(404);
    // The lines are written as the responses go out; give the pipe a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const lines = server.output.split('\n').filter((line) => line.includes('request completed') && line.includes('404'));
    expect(lines.length).toBeGreaterThanOrEqual(mangled.length);
    expect(server.output).toContain('/rsvp/:token.x/y');
    expect(server.output).toContain('/rsvp/:token%2Fx/y');
    expect(server.output).toContain('/rsvp/:token)/cancel/x');
    expect(server.output).not.toContain(token);
    expect(server.output).not.toContain(token.slice(0, 22));
  });
});

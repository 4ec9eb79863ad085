import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ServerProcess } from '../../support/server-process.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { createTestDatabase } from '../../support/test-postgres.js';
import { TEST_JWT_SECRET, TEST_PASSWORD } from '../../support/test-app.js';
import { eventually } from '../../support/eventually.js';
import { PG_BOSS_SCHEMA } from '../../../migrations/1763900002000-MailOutbox.js';
import { MAIL_QUEUE } from '../../../src/notifications/mail-queue.js';

async function query<Row extends pg.QueryResultRow>(databaseUrl: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

const outboxAttempts = (databaseUrl: string) =>
  query<{ status: string; attempts: number }>(databaseUrl, 'SELECT status, attempts FROM mail_outbox');
/** pg-boss's own state of the delivery job: `retry` means waiting for its next attempt, not in flight. */
const jobStates = (databaseUrl: string) =>
  query<{ state: string }>(databaseUrl, `SELECT state FROM ${PG_BOSS_SCHEMA}.job WHERE name = '${MAIL_QUEUE}'`);

async function post(base: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('mail: a server process killed before it could deliver', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await SmtpSink.start();
  });
  afterAll(() => sink.stop());

  it('delivers the message once after a restart, with nothing held in the killed process', async () => {
    const databaseUrl = await createTestDatabase();
    const env = { DATABASE_URL: databaseUrl, SMTP_URL: sink.url, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false' };
    await sink.stop();

    const first = await ServerProcess.start(env);
    await first.ready();
    const owner = await post(first.baseUrl, '/api/auth/signup', {
      organizationName: 'Crash Test Coalition',
      name: 'Olga Owner',
      email: 'owner.crash@example.org',
      password: TEST_PASSWORD,
    });
    const address = 'colleague.crash@example.org';
    const invited = await post(
      first.baseUrl,
      '/api/organization/members',
      { name: 'Cole', email: address, role: 'organizer' },
      owner.body.accessToken,
    );
    expect(invited.status).toBe(201);
    // The mail server is down: the first attempt fails and a retry is scheduled; then the process dies.
    await eventually(async () => ((await jobStates(databaseUrl))[0]?.state === 'retry' ? true : undefined), 20_000, 'a failed attempt');
    expect(await outboxAttempts(databaseUrl)).toEqual([{ status: 'pending', attempts: 1 }]);
    expect((await first.stop('SIGKILL')).signal).toBe('SIGKILL');

    await sink.listen();
    const second = await ServerProcess.start(env);
    try {
      await second.ready();
      const mail = await sink.waitFor(sink.to(address), 30_000);
      expect(mail.subject).toMatch(/Crash Test Coalition/);
      await eventually(async () => ((await outboxAttempts(databaseUrl))[0]?.status === 'sent' ? true : undefined), 10_000, 'sent');
      expect(await outboxAttempts(databaseUrl)).toEqual([{ status: 'sent', attempts: 2 }]);
      expect(sink.messages.filter((message) => message.recipients.includes(address))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  }, 120_000); // two server starts and a retry after back-off: about a minute on a busy two-core machine
});

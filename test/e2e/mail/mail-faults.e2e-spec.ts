import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../support/http.js';
import { enqueue, invitationTo, outboxRow, outboxRowWhen } from '../../support/mail.js';
import { SmtpSink } from '../../support/smtp-sink.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';

/** Each message arrived exactly once, recognized by its Message-ID. */
function expectDeliveredOnce(sink: SmtpSink, messageIds: string[]): void {
  const received = sink.messages.map((mail) => mail.messageId);
  for (const messageId of messageIds) expect(received.filter((id) => id === messageId)).toHaveLength(1);
}

describe('mail: delivery when the mail server fails', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let owner: SignedUp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url });
    owner = await t.newOrganization();
  });
  afterEach(async () => {
    sink.accept();
    await sink.listen();
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('keeps messages queued while the server is down and delivers each exactly once when it is back', async () => {
    await sink.stop();
    const addresses = Array.from({ length: 5 }, () => t.uniqueEmail('down'));
    const ids = await Promise.all(addresses.map((address) => enqueue(t, invitationTo(address))));
    const failedOnce = await Promise.all(ids.map((id) => outboxRowWhen(t, id, (row) => row.attempts >= 1 && row.last_error !== null)));
    for (const row of failedOnce) {
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    }

    await sink.listen();
    const sent = await Promise.all(ids.map((id) => outboxRowWhen(t, id, (row) => row.status === 'sent', 20_000)));
    await sink.waitForCount((mail) => addresses.some((address) => sink.to(address)(mail)), 5);
    expectDeliveredOnce(
      sink,
      sent.map((row) => row.message_id),
    );
  });

  it('retries after a temporary refusal (4xx)', async () => {
    sink.refuse(451);
    const address = t.uniqueEmail('greylisted');
    const id = await enqueue(t, invitationTo(address));
    const refused = await outboxRowWhen(t, id, (row) => row.last_error !== null);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.last_error).toMatch(/^SMTP 451: /);
    expect(refused.last_error).not.toContain('@');

    sink.accept();
    await sink.waitFor(sink.to(address), 20_000);
    await outboxRowWhen(t, id, (row) => row.status === 'sent');
  });

  it('fails a permanently refused message (5xx) at once, lists it for organizers, and can send it again', async () => {
    sink.refuse(550);
    const address = t.uniqueEmail('unknown-user');
    const id = await enqueue(t, invitationTo(address, { organizationId: owner.organization.id }));
    const failed = await outboxRowWhen(t, id, (row) => row.status === 'failed');
    expect(failed.attempts).toBe(1);

    const listed = await t.api.get('/api/organization/outbox?status=failed', { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id,
        recipient: address,
        status: 'failed',
        attempts: 1,
        lastError: expect.stringMatching(/^SMTP 550: /),
        sentAt: null,
      }),
    ]);
    expect(listed.body.items[0].lastError).not.toContain('@');
    expect(JSON.stringify(listed.body)).not.toContain('join/');

    sink.accept();
    const retried = await t.api.post(`/api/organization/outbox/${id}/retry`, undefined, { token: owner.token });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, status: 'pending' });
    const mail = await sink.waitFor(sink.to(address));
    expect(mail.messageId).toBe(failed.message_id);
    await outboxRowWhen(t, id, (row) => row.status === 'sent');
    expectErrorShape(await t.api.post(`/api/organization/outbox/${id}/retry`, undefined, { token: owner.token }), 409);
  });

  it("answers 404 for another organization's message and 400 for an id that is not one", async () => {
    const other = await t.newOrganization();
    const id = await enqueue(t, invitationTo(t.uniqueEmail('theirs'), { organizationId: other.organization.id }));
    expectErrorShape(await t.api.post(`/api/organization/outbox/${id}/retry`, undefined, { token: owner.token }), 404);
    expectErrorShape(await t.api.post('/api/organization/outbox/not-an-id/retry', undefined, { token: owner.token }), 400);
  });

  it('gives up after the last retry and records why', async () => {
    sink.refuse(421);
    const id = await enqueue(t, invitationTo(t.uniqueEmail('last-try')), async (manager, outboxId) => {
      // This job's final attempt is its first; the real limit (360 retries) takes about a day.
      await manager.query(`UPDATE pgboss.job SET retry_limit = 0 WHERE data->>'outboxId' = $1`, [outboxId]);
    });
    const failed = await outboxRowWhen(t, id, (row) => row.status === 'failed');
    expect(failed).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/^SMTP 421: /) });
  });
});

describe('mail: delivery across a crash or restart', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await SmtpSink.start();
  });
  afterAll(() => sink.stop());

  it('delivers what a process queued but never sent, once a sending process starts on the same database', async () => {
    const web = await TestApp.start({ SMTP_URL: sink.url, WORKERS_ENABLED: 'false' });
    const address = web.uniqueEmail('queued-by-web');
    const id = await enqueue(web, invitationTo(address));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await outboxRow(web, id)).toMatchObject({ status: 'pending', attempts: 0 });
    await web.close();

    const worker = await TestApp.start({ SMTP_URL: sink.url, DATABASE_URL: web.databaseUrl });
    try {
      const mail = await sink.waitFor(sink.to(address));
      expect(mail.messageId).toBe((await outboxRowWhen(worker, id, (row) => row.status === 'sent')).message_id);
    } finally {
      await worker.close();
    }
  });

  it('resumes a message whose delivery failed before the process stopped, after the restart', async () => {
    await sink.stop();
    const first = await TestApp.start({ SMTP_URL: sink.url });
    const address = first.uniqueEmail('restart');
    const id = await enqueue(first, invitationTo(address));
    await outboxRowWhen(first, id, (row) => row.attempts === 1 && row.last_error !== null);
    await first.close();

    await sink.listen();
    const second = await TestApp.start({ SMTP_URL: sink.url, DATABASE_URL: first.databaseUrl });
    try {
      const sent = await outboxRowWhen(second, id, (row) => row.status === 'sent', 20_000);
      expectDeliveredOnce(sink, [sent.message_id]);
    } finally {
      await second.close();
    }
  });
});

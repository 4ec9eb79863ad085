import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup.js';
import { loadConfig } from '../../src/config/app-config.js';
import { MailOutbox } from '../../src/notifications/mail-outbox.js';
import { SERVER_ENV, type Bench } from '../suite.js';
import { perSecond, sql, type ResultRow } from '../support.js';

const PER_TRANSACTION = 50;
/** As the server's own pool (Mailer). */
const SMTP_CONNECTIONS = 5;

/**
 * Messages a second reaching the sink, from the first arrival to the last, so that neither side's
 * start-up (the worker's application, the pool's first connections) is counted.
 */
async function drainRate(bench: Bench, domain: string, count: number): Promise<number> {
  const received = (mail: { recipients: string[] }) => mail.recipients.some((address) => address.endsWith(domain));
  const arrivals = (await bench.sink.waitForCount(received, count, 5 * 60_000)).map((mail) => mail.receivedAt);
  return (count - 1) / ((Math.max(...arrivals) - Math.min(...arrivals)) / 1000);
}

/**
 * 1,000 queued messages delivered by one server with workers on, against raw pooled nodemailer
 * sending the same messages to the same sink. On a database of its own, so the bookings queued
 * by the other scenarios are not delivered too.
 */
export async function outboxDrain(bench: Bench): Promise<ResultRow> {
  const count = bench.sizes.drain.messages;
  const databaseUrl = await bench.newDatabase();
  const folder = await mkdtemp(join(tmpdir(), 'townhall-bench-drain-'));
  const env = (workers: boolean) =>
    loadConfig({ ...SERVER_ENV, DATABASE_URL: databaseUrl, SMTP_URL: bench.smtpUrl, VAR_DIR: folder, WORKERS_ENABLED: String(workers) });
  try {
    const producer = await createApp(env(false));
    await producer.init();
    const outbox = producer.get(MailOutbox);
    for (let first = 0; first < count; first += PER_TRANSACTION) {
      await producer.get(DataSource).transaction(async (manager) => {
        for (let i = first; i < Math.min(first + PER_TRANSACTION, count); i++) {
          await outbox.enqueue(manager, {
            to: { name: `Attendee ${i}`, address: `queued-${i}@drain.example` },
            language: i % 2 ? 'es' : 'en',
            template: 'member-invitation',
            data: {
              organizationName: 'Bench',
              inviterName: 'Olivia',
              memberName: `Attendee ${i}`,
              role: 'organizer',
              link: `https://example.org/join/${i}`,
              expiresInDays: 7,
            },
            idempotencyKey: `bench:${i}`,
          });
        }
      });
    }
    await producer.close();
    const messages = await sql(
      databaseUrl,
      `SELECT recipient_name, recipient_address, subject, text_body, html_body FROM mail_outbox ORDER BY recipient_address`,
    );

    const worker = await createApp(env(true));
    await worker.init();
    const ours = await drainRate(bench, '@drain.example', count);
    await worker.close();
    const delivered = await sql(databaseUrl, `SELECT count(*)::int AS sent FROM mail_outbox WHERE status = 'sent'`);
    if (delivered[0].sent !== count) throw new Error(`${delivered[0].sent} of ${count} messages are marked sent.`);

    const transport = createTransport({ url: bench.smtpUrl, pool: true, maxConnections: SMTP_CONNECTIONS });
    const sending = Promise.all(
      messages.map((message) =>
        transport.sendMail({
          from: 'Townhall <bench@townhall.example>',
          to: { name: message.recipient_name, address: message.recipient_address.replace('@drain.example', '@raw.example') },
          subject: message.subject,
          text: message.text_body,
          html: message.html_body,
        }),
      ),
    );
    const raw = await drainRate(bench, '@raw.example', count);
    await sending;
    transport.close();
    bench.progress(`outbox drain: ${perSecond(ours, 'messages')}; raw pooled nodemailer ${perSecond(raw, 'messages')}`);
    return {
      scenario: `outbox drain, ${count} messages`,
      result: perSecond(ours, 'messages'),
      reference: `raw pooled nodemailer: ${perSecond(raw, 'messages')}`,
      value: ours / raw,
      goal: '≥ 0.7',
      met: ours / raw >= 0.7,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

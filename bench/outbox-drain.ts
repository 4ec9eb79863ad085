/**
 * Outbox drain rate: queues N messages with a process that does not deliver, then times how
 * long one delivering process takes to hand them all to a local SMTP sink.
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/outbox-drain.js [N=1000]
 *
 * Uses DATABASE_URL if set, else a throw-away embedded PostgreSQL.
 */
import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/app-config.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { MailOutbox } from '../src/notifications/mail-outbox.service.js';
import { SmtpSink } from '../test/support/smtp-sink.js';

const N = Number(process.argv[2] ?? 1000);
const PER_TRANSACTION = 50;

const folder = await mkdtemp(join(tmpdir(), 'townhall-bench-'));
await chmod(folder, 0o755); // as root, the embedded server runs as `postgres`, which must reach it
const embedded = process.env.DATABASE_URL ? undefined : new EmbeddedPostgres(join(folder, 'postgres'));
const databaseUrl = process.env.DATABASE_URL ?? (await embedded!.start());
const sink = await SmtpSink.start();
const env = (workers: boolean) =>
  loadConfig({
    DATABASE_URL: databaseUrl,
    SMTP_URL: sink.url,
    WORKERS_ENABLED: String(workers),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    VAR_DIR: folder,
  });

try {
  const producer = await createApp(env(false));
  await producer.init();
  const outbox = producer.get(MailOutbox);
  const run = Date.now();
  let started = Date.now();
  for (let first = 0; first < N; first += PER_TRANSACTION) {
    await producer.get(DataSource).transaction(async (manager) => {
      for (let i = first; i < Math.min(first + PER_TRANSACTION, N); i++) {
        await outbox.enqueue(manager, {
          to: { name: `Attendee ${i}`, address: `attendee-${i}@example.org` },
          language: i % 2 ? 'es' : 'en',
          template: 'member-invitation',
          data: { organizationName: 'Bench', inviterName: 'Olivia', memberName: `Attendee ${i}`, role: 'organizer', link: `https://example.org/join/${i}`, expiresInDays: 7 },
          idempotencyKey: `bench:${run}:${i}`,
        });
      }
    });
  }
  const enqueueSeconds = (Date.now() - started) / 1000;
  await producer.close();

  started = Date.now();
  const worker = await createApp(env(true));
  await worker.init();
  await sink.waitForCount((mail) => mail.messageId !== '', N, 10 * 60_000);
  const drainSeconds = (Date.now() - started) / 1000;
  await worker.close();

  const unique = new Set(sink.messages.map((mail) => mail.messageId)).size;
  console.log(`enqueued ${N} messages in ${enqueueSeconds.toFixed(2)} s (${(N / enqueueSeconds).toFixed(0)}/s, rendered, ${PER_TRANSACTION} per transaction)`);
  console.log(`delivered ${sink.messages.length} (${unique} distinct Message-IDs) in ${drainSeconds.toFixed(2)} s: ${(N / drainSeconds).toFixed(0)} messages/second`);
} finally {
  await sink.stop();
  await embedded?.stop();
  await rm(folder, { recursive: true, force: true });
}

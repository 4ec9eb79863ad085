import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PgBoss, type Db, type JobResult, type JobWithMetadata, type Queue } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { PG_BOSS_SCHEMA } from './pg-boss-schema.js';
import { AppConfig } from '../config/app-config.js';
import { DatabaseServer } from '../database/database.module.js';

export const MAIL_QUEUE = 'mail';

export interface MailJob {
  outboxId: string;
}

/**
 * Delivery policy. Back-off of about 5 s, 10 s, 20 s … (with jitter) capped at 4 minutes, so
 * a message goes out within about 4 minutes of the mail server's return; 360 retries take
 * about 24 hours, after which the message is recorded as failed. A job cut short by a crash
 * is retried once it has been active for 2 minutes (pg-boss's default is 15), which the
 * supervisor notices within a minute more.
 */
export const MAIL_QUEUE_OPTIONS: Omit<Queue, 'name'> = {
  retryLimit: 360,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 240,
  expireInSeconds: 120,
  // NOTIFY wakes the workers when a job commits, instead of at their next poll.
  notify: true,
};

/** Workers also poll, for retries whose delay has passed (those send no NOTIFY). */
const POLLING_SECONDS = 2;
/**
 * Jobs fetched at once, two batches at a time: claimed and marked a batch per statement, their
 * messages sent concurrently through the SMTP pool, which keeps its connections busy.
 */
const BATCH_SIZE = 50;

/** pg-boss statements run on the TypeORM transaction's connection, so a job commits or rolls back with the change. */
export function transactionDb(manager: EntityManager): Db {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('A mail job can only be queued inside a database transaction.');
  return {
    executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records }),
  };
}

/** Owns pg-boss: one instance per process; its workers run only where WORKERS_ENABLED. */
@Injectable()
export class MailQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailQueue.name);
  private boss: PgBoss | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseServer,
  ) {}

  async onModuleInit(): Promise<void> {
    const boss = new PgBoss({
      connectionString: await this.database.url(),
      schema: PG_BOSS_SCHEMA,
      application_name: 'townhall-mail',
      max: 4,
      // Only a process that delivers listens for new jobs and runs maintenance (expiry, retention).
      useListenNotify: this.config.workersEnabled,
      supervise: this.config.workersEnabled,
      schedule: false,
    });
    boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`));
    boss.on('warning', (warning) => this.logger.warn(`pg-boss: ${warning.message}`));
    await boss.start();
    this.boss = boss;
    await this.ensureQueue(boss);
  }

  private async ensureQueue(boss: PgBoss): Promise<void> {
    if (await boss.getQueue(MAIL_QUEUE)) return boss.updateQueue(MAIL_QUEUE, MAIL_QUEUE_OPTIONS);
    try {
      await boss.createQueue(MAIL_QUEUE, MAIL_QUEUE_OPTIONS);
    } catch (error) {
      // Another instance starting at the same moment created it.
      if (!(await boss.getQueue(MAIL_QUEUE))) throw error;
    }
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('The mail queue is not started.');
    return this.boss;
  }

  async send(job: MailJob, manager: EntityManager): Promise<void> {
    await this.started().send(MAIL_QUEUE, { ...job }, { db: transactionDb(manager) });
  }

  async work(deliver: (jobs: JobWithMetadata<MailJob>[]) => Promise<JobResult[]>): Promise<void> {
    await this.started().work(
      MAIL_QUEUE,
      {
        batchSize: BATCH_SIZE,
        localConcurrency: 2,
        burstWhenBatchFull: true,
        includeMetadata: true,
        perJobResults: true,
        pollingIntervalSeconds: POLLING_SECONDS,
        notifyPollingIntervalSeconds: POLLING_SECONDS,
      },
      deliver,
    );
  }

  /** Gives deliveries in progress 10 s to finish while the database is still open; pg-boss fails the rest, so they are retried. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
    this.boss = undefined;
  }
}

import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { MailQueue, type MailJob } from './mail-queue.js';
import { describeDeliveryError, type DeliveryError, Mailer } from './mailer.js';
import { OutboxMessage } from './outbox-message.entity.js';

const ERASE_EVERY_MS = 60 * 60 * 1000;

/**
 * Delivers outbox messages at least once. The row, not the job, says what happened: a message
 * is taken only while pending, marked sent once the server accepted it, and marked failed on
 * a permanent refusal (5xx) or when pg-boss's last retry fails. Only a crash between the
 * server's acceptance and that mark repeats a message, with the same Message-ID.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxWorker.name);

  constructor(
    private readonly config: AppConfig,
    private readonly queue: MailQueue,
    private readonly mailer: Mailer,
    private readonly tasks: PeriodicTasks,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workersEnabled) return;
    await this.queue.work((jobs) => this.deliver(jobs));
    this.tasks.schedule('Erasing old outbox messages', ERASE_EVERY_MS, () => this.erasePast());
  }

  /** Recipients of finished messages are personal data too: kept RETENTION_DAYS, like the rest. */
  async erasePast(): Promise<number> {
    const erased = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxMessage)
      .where(`status <> 'pending' AND created_at < now() - make_interval(days => :days)`, { days: this.config.retentionDays })
      .execute();
    return erased.affected ?? 0;
  }

  /**
   * A batch of jobs: the pending messages among them are claimed (an attempt counted) in one
   * statement, sent concurrently through the SMTP pool, and those the server accepted marked
   * sent in one statement. A crash before that mark repeats the batch's accepted messages, with
   * the same Message-IDs. Each failure is recorded on its own row and retried by its own job;
   * a database error fails the whole batch, whose jobs are then retried.
   */
  async deliver(jobs: JobWithMetadata<MailJob>[]): Promise<JobResult[]> {
    const claimed = await this.claim(jobs.map((job) => job.data.outboxId));
    const results = await Promise.all(
      jobs.map(async (job): Promise<JobResult & { sent?: string }> => {
        const message = claimed.get(job.data.outboxId);
        // Sent, failed or erased meanwhile: nothing left to do.
        if (!message) return { id: job.id, status: 'completed' };
        try {
          await this.send(message);
          return { id: job.id, status: 'completed', sent: message.id };
        } catch (error) {
          return this.recordFailure(job, describeDeliveryError(error));
        }
      }),
    );
    const sent = results.flatMap((result) => (result.sent ? [result.sent] : []));
    if (sent.length > 0) {
      await this.dataSource.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = now(), last_error = NULL,
           text_body = NULL, html_body = NULL, calendar_ics = NULL WHERE id = ANY($1::uuid[])`,
        [sent],
      );
    }
    return results.map(({ sent: _sent, ...result }) => result);
  }

  /** The messages still pending among `ids`, each with one more attempt counted, by id. */
  private async claim(ids: string[]): Promise<Map<string, OutboxMessage>> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [OutboxMessage[], number] = await this.dataSource.query(
      `UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = ANY($1::uuid[]) AND status = 'pending'
       RETURNING id, message_id AS "messageId", created_at AS "createdAt", recipient_name AS "recipientName",
         recipient_address AS "recipientAddress", reply_to AS "replyTo", subject, text_body AS "textBody",
         html_body AS "htmlBody", calendar_method AS "calendarMethod", calendar_ics AS "calendarIcs"`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async recordFailure(job: JobWithMetadata<MailJob>, failure: DeliveryError): Promise<JobResult> {
    const final = failure.permanent || job.retryCount >= job.retryLimit;
    await this.dataSource.query(
      `UPDATE mail_outbox SET last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
       WHERE id = $1 AND status = 'pending'`,
      [job.data.outboxId, failure.message, final],
    );
    if (final) this.logger.warn(`Gave up on outbox message ${job.data.outboxId}: ${failure.message}`);
    return { id: job.id, status: final ? 'completed' : 'failed', output: { error: failure.message } };
  }

  private send(message: OutboxMessage): Promise<void> {
    return this.mailer.send({
      id: message.id,
      messageId: message.messageId,
      date: message.createdAt,
      to: { name: message.recipientName, address: message.recipientAddress },
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.textBody ?? '',
      html: message.htmlBody ?? '',
      calendar: message.calendarMethod && message.calendarIcs ? { method: message.calendarMethod, ics: message.calendarIcs } : null,
    });
  }
}

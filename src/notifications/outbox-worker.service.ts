import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { MailQueue, type MailJob } from './mail-queue.js';
import { describeDeliveryError, Mailer } from './mailer.service.js';
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
    await this.queue.work((job) => this.deliver(job));
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

  async deliver(job: JobWithMetadata<MailJob>): Promise<JobResult> {
    const id = job.data.outboxId;
    try {
      const messages = this.dataSource.getRepository(OutboxMessage);
      const claimed = await messages.increment({ id, status: 'pending' }, 'attempts', 1);
      const message = claimed.affected ? await messages.findOneBy({ id }) : null;
      // Sent, failed or erased meanwhile: nothing left to do.
      if (!message) return { id: job.id, status: 'completed' };
      await this.send(message);
      await this.dataSource.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = now(), last_error = NULL,
           text_body = NULL, html_body = NULL, calendar_ics = NULL WHERE id = $1`,
        [id],
      );
      return { id: job.id, status: 'completed' };
    } catch (error) {
      const failure = describeDeliveryError(error);
      const final = failure.permanent || job.retryCount >= job.retryLimit;
      await this.dataSource.query(
        `UPDATE mail_outbox SET last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
         WHERE id = $1 AND status = 'pending'`,
        [id, failure.message, final],
      );
      if (final) this.logger.warn(`Gave up on outbox message ${id}: ${failure.message}`);
      return { id: job.id, status: final ? 'completed' : 'failed', output: { error: failure.message } };
    }
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

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DevMailbox } from './dev-mailbox.js';
import { MailOutbox } from './mail-outbox.js';
import { MailQueue } from './mail-queue.js';
import { MailTemplates } from './mail-templates.js';
import { Mailer } from './mailer.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxWorker } from './outbox-worker.js';

/**
 * Email: the transactional outbox (MailOutbox.enqueue), its workers, the transport and the
 * templates. It knows no feature: each feature composes its own letters and enqueues them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [{ provide: MailTemplates, useFactory: () => new MailTemplates() }, MailQueue, MailOutbox, Mailer, OutboxWorker, DevMailbox],
  exports: [MailOutbox, MailTemplates, DevMailbox],
})
export class NotificationsModule {}

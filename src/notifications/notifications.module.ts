import { Module } from '@nestjs/common';
import { DevMailController } from './dev-mail.controller.js';
import { DevMailbox } from './dev-mailbox.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailQueue } from './mail-queue.js';
import { MailTemplates } from './mail-templates.js';
import { Mailer } from './mailer.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxWorker } from './outbox-worker.service.js';

/** Email: the transactional outbox (MailOutbox.enqueue), its workers, the transport and the templates. */
@Module({
  controllers: [OutboxController, DevMailController],
  providers: [{ provide: MailTemplates, useFactory: () => new MailTemplates() }, MailQueue, MailOutbox, Mailer, OutboxWorker, DevMailbox],
  exports: [MailOutbox, MailTemplates],
})
export class NotificationsModule {}

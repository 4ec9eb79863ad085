import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { EventsModule } from '../events/events.module.js';
import { DevMailController } from './dev-mail.controller.js';
import { DevMailbox } from './dev-mailbox.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailQueue } from './mail-queue.js';
import { MailTemplates } from './mail-templates.js';
import { Mailer } from './mailer.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxWorker } from './outbox-worker.service.js';
import { PanelistMail } from './panelist-mail.js';

/**
 * Email: the transactional outbox (MailOutbox.enqueue), its workers, the transport and the
 * templates, and the panelists' emails. EventsModule only announces changes (PanelistMail
 * registers with its EventChangeNotifier), so it never imports this module: no cycle.
 */
@Module({
  imports: [EventsModule, CalendarModule],
  controllers: [OutboxController, DevMailController],
  providers: [
    { provide: MailTemplates, useFactory: () => new MailTemplates() },
    MailQueue,
    MailOutbox,
    Mailer,
    OutboxWorker,
    DevMailbox,
    PanelistMail,
  ],
  exports: [MailOutbox, MailTemplates],
})
export class NotificationsModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { EventsModule } from '../../events/events.module.js';
import { MessagesModule } from '../../messages/messages.module.js';
import { NotificationsModule } from '../../notifications/notifications.module.js';
import { PanelistsModule } from '../../panelists/panelists.module.js';
import { QuestionsModule } from '../../questions/questions.module.js';
import { RsvpsModule } from '../../rsvps/rsvps.module.js';
import { PageKitModule } from '../kit/page-kit.module.js';
import { AttendeePageController } from './attendee-page.controller.js';
import { AttendeePlace } from './attendee-place.js';
import { DevMailController } from './dev-mail.controller.js';
import { EventPagesController } from './event-pages.controller.js';
import { PanelPageController } from './panel-page.controller.js';
import { QaParticipation } from './qa-participation.js';
import { QuestionPagesController } from './question-pages.controller.js';
import { RsvpFormController } from './rsvp-form.controller.js';

/** Server-rendered pages for attendees and panelists; see docs/pages-and-console.md. */
@Module({
  imports: [
    PageKitModule,
    AccountsModule,
    EventsModule,
    PanelistsModule,
    RsvpsModule,
    QuestionsModule,
    MessagesModule,
    NotificationsModule,
  ],
  controllers: [
    EventPagesController,
    RsvpFormController,
    AttendeePageController,
    QuestionPagesController,
    PanelPageController,
    DevMailController,
  ],
  providers: [QaParticipation, AttendeePlace],
})
export class PublicPagesModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { UNKNOWN_PAGE_FILTER } from '../http/api-error.filter.js';
import { EventsModule } from '../events/events.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { QuestionsModule } from '../questions/questions.module.js';
import { RsvpsModule } from '../rsvps/rsvps.module.js';
import { AssetsController } from './assets.controller.js';
import { AttendeePageController } from './attendee-page.controller.js';
import { AttendeePlace } from './attendee-place.js';
import { DevMailController } from './dev-mail.controller.js';
import { EventPagesController } from './event-pages.controller.js';
import { PageContexts } from './page-context.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { PageTemplates } from './page-templates.js';
import { PanelPageController } from './panel-page.controller.js';
import { QaParticipation } from './qa-participation.js';
import { QuestionPagesController } from './question-pages.controller.js';
import { RsvpFormController } from './rsvp-form.controller.js';
import { SiteAssets } from './site-assets.js';

/** Server-rendered pages for attendees and panelists, and the page kit the console shares; see docs/pages-and-console.md. */
@Module({
  imports: [AccountsModule, EventsModule, PanelistsModule, RsvpsModule, QuestionsModule, MessagesModule, NotificationsModule],
  controllers: [
    AssetsController,
    EventPagesController,
    RsvpFormController,
    AttendeePageController,
    QuestionPagesController,
    PanelPageController,
    DevMailController,
  ],
  providers: [
    { provide: PageTemplates, useFactory: () => new PageTemplates() },
    { provide: SiteAssets, useFactory: () => new SiteAssets() },
    PageContexts,
    PageRenderer,
    QaParticipation,
    AttendeePlace,
    PageErrorFilter,
    // Unknown paths outside /api get the HTML 404 page (the global filter asks for it).
    { provide: UNKNOWN_PAGE_FILTER, useExisting: PageErrorFilter },
  ],
  // The console's pages render with the same kit.
  exports: [UNKNOWN_PAGE_FILTER, PageContexts, PageRenderer, PageErrorFilter, SiteAssets],
})
export class WebModule {}

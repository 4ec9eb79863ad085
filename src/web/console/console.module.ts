import { Module, type DynamicModule } from '@nestjs/common';
import { AttendanceModule } from '../../attendance/attendance.module.js';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { EventsModule } from '../../events/events.module.js';
import { MessagesModule } from '../../messages/messages.module.js';
import { NotificationsModule } from '../../notifications/notifications.module.js';
import { PanelistsModule } from '../../panelists/panelists.module.js';
import { QuestionsModule } from '../../questions/questions.module.js';
import { RsvpsModule } from '../../rsvps/rsvps.module.js';
import { StatsModule } from '../../stats/stats.module.js';
import { PageKitModule } from '../kit/page-kit.module.js';
import { PageRenderer } from '../kit/page-renderer.js';
import { ConsoleAccountController } from './console-account.controller.js';
import { ConsoleAttendeesExportController } from './console-attendees-export.controller.js';
import { ConsoleAttendeesController } from './console-attendees.controller.js';
import { ConsoleDashboardController } from './console-dashboard.controller.js';
import { ConsoleDoorController, DoorWorkerController } from './console-door.controller.js';
import { ConsoleEventController } from './console-event.controller.js';
import { ConsoleEventsController } from './console-events.controller.js';
import { ConsoleJoinController } from './console-join.controller.js';
import { ConsoleMessagesController } from './console-messages.controller.js';
import { ConsoleOrganizationController } from './console-organization.controller.js';
import { ConsoleErrorFilter } from './console-pages.decorator.js';
import { ConsolePanelController } from './console-panel.controller.js';
import { ConsolePasswordController } from './console-password.controller.js';
import { ConsoleQuestionsController } from './console-questions.controller.js';
import { ConsoleStatsController } from './console-stats.controller.js';
import { ConsoleNavLoader, consolePages, ConsoleSessionCookie } from './console-session.js';
import { EVENT_PREVIEW, type EventPreview } from './event-preview.js';
import { OwnedEventGuard } from './owned-event.guard.js';

/** The organizer console: pages for organization members, a second client of the same services as the API. */
@Module({
  imports: [
    PageKitModule,
    AccountsModule,
    NotificationsModule,
    EventsModule,
    PanelistsModule,
    RsvpsModule,
    QuestionsModule,
    AttendanceModule,
    MessagesModule,
    StatsModule,
  ],
  controllers: [
    ConsoleDashboardController,
    ConsoleAccountController,
    ConsolePasswordController,
    ConsoleJoinController,
    ConsoleEventsController,
    ConsoleEventController,
    ConsolePanelController,
    ConsoleAttendeesController,
    ConsoleAttendeesExportController,
    ConsoleDoorController,
    DoorWorkerController,
    ConsoleQuestionsController,
    ConsoleMessagesController,
    ConsoleStatsController,
    ConsoleOrganizationController,
  ],
  providers: [ConsoleSessionCookie, ConsoleNavLoader, OwnedEventGuard, ConsoleErrorFilter],
})
export class ConsoleModule {
  /** The console with the public page it previews. */
  static previewingWith(preview: EventPreview): DynamicModule {
    return { module: ConsoleModule, providers: [{ provide: EVENT_PREVIEW, useValue: preview }] };
  }

  constructor(renderer: PageRenderer) {
    renderer.decorate(consolePages);
  }
}

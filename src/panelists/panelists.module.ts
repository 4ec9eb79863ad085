import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { Panelist } from '../events/panelist.entity.js';
import { PanelController } from './panel.controller.js';
import { PanelistMail } from './panelist-mail.js';
import { PanelistsController } from './panelists.controller.js';
import { PanelistsRepository } from './panelists.repository.js';
import { PanelistsService } from './panelists.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Panelist]), EventsModule, AccountsModule, NotificationsModule, CalendarModule],
  controllers: [PanelistsController, PanelController],
  providers: [PanelistsService, PanelistsRepository, PanelistMail],
  exports: [PanelistsService, PanelistsRepository],
})
export class PanelistsModule {}

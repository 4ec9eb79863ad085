import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { Panelist } from './panelist.entity.js';
import { PanelController } from './panel.controller.js';
import { PanelistsController } from './panelists.controller.js';
import { PanelistsService } from './panelists.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Panelist]), EventsModule, OrganizationsModule],
  controllers: [PanelistsController, PanelController],
  providers: [PanelistsService],
  exports: [PanelistsService],
})
export class PanelistsModule {}

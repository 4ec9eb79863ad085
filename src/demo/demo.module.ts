import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { EventsModule } from '../events/events.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { DemoForum } from './demo-forum.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [OrganizationsModule, EventsModule, PanelistsModule], providers: [DemoSeedService, DemoForum] })
export class DemoModule {}

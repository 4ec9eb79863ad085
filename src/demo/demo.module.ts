import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { EventsModule } from '../events/events.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { DemoForum } from './demo-forum.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [AccountsModule, EventsModule, PanelistsModule], providers: [DemoSeedService, DemoForum] })
export class DemoModule {}

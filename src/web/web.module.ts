import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EventsModule } from '../events/events.module.js';
import { PanelistsModule } from '../panelists/panelists.module.js';
import { AssetsController } from './assets.controller.js';
import { EventPagesController } from './event-pages.controller.js';
import { JoinPageController } from './join-page.controller.js';
import { PageContexts } from './page-context.js';
import { PageRenderer } from './page-renderer.js';
import { PageTemplates } from './page-templates.js';
import { PanelPageController } from './panel-page.controller.js';
import { SiteAssets } from './site-assets.js';

/** Server-rendered pages for attendees, panelists and invited colleagues; see README "Pages". */
@Module({
  imports: [AuthModule, EventsModule, PanelistsModule],
  controllers: [AssetsController, EventPagesController, PanelPageController, JoinPageController],
  providers: [
    { provide: PageTemplates, useFactory: () => new PageTemplates() },
    { provide: SiteAssets, useFactory: () => new SiteAssets() },
    PageContexts,
    PageRenderer,
  ],
})
export class WebModule {}

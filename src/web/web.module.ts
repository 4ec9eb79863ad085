import { Module } from '@nestjs/common';
import { UNKNOWN_PAGE_FILTER } from '../http/api-error.filter.js';
import { ConsoleModule } from './console/console.module.js';
import { PageErrorFilter } from './kit/page-error.filter.js';
import { PageKitModule } from './kit/page-kit.module.js';
import { eventPage } from './public/event-page-data.js';
import { PublicPagesModule } from './public/public-pages.module.js';

/** The site's pages: the page kit, the public pages and the organizer console; see docs/pages-and-console.md. */
@Module({
  // The console previews a forum's public page without knowing the public pages.
  imports: [PageKitModule, PublicPagesModule, ConsoleModule.previewingWith(eventPage)],
  // Unknown paths outside /api get the HTML 404 page (the global filter asks for it).
  providers: [{ provide: UNKNOWN_PAGE_FILTER, useExisting: PageErrorFilter }],
  exports: [UNKNOWN_PAGE_FILTER],
})
export class WebModule {}

import { Module } from '@nestjs/common';
import { AssetsController } from './assets.controller.js';
import { PageContexts } from './page-context.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { PageTemplates } from './page-templates.js';
import { SiteAssets } from './site-assets.js';

/** The page kit: templates, texts, assets, forms and errors, shared by every part of the site that renders pages. */
@Module({
  controllers: [AssetsController],
  providers: [
    { provide: PageTemplates, useFactory: () => new PageTemplates() },
    { provide: SiteAssets, useFactory: () => new SiteAssets() },
    PageContexts,
    PageRenderer,
    PageErrorFilter,
  ],
  exports: [PageContexts, PageRenderer, PageErrorFilter, SiteAssets],
})
export class PageKitModule {}

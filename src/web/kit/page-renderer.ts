import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageContexts } from './page-context.js';
import { pageInReaderLanguage } from './page-event-language.js';
import { PageTemplates } from './page-templates.js';
import { PageRedirect, type PageResult } from './page-view.js';
import { SiteAssets } from './site-assets.js';
import { LANGUAGES } from '../../common/languages.js';

/** Scripts on every page: small enhancements that the pages do not need to work. */
const SHARED_SCRIPTS = ['forms.js'];

/**
 * What a part of the site adds to the kit's pages, registered with `PageRenderer.decorate`:
 * the kit knows no part's paths or navigation.
 */
export interface PageDecorator {
  /** The navigation the layout shows (`nav`, and `@nav` in every template) for this request, if any. */
  nav?(request: FastifyRequest, path: string): object | undefined;
  /** Whether a template shows an event's texts as stored (both languages) rather than in the reader's. */
  textsAsStored?(template: string): boolean;
}

/** Turns a page route's result into the response: status, headers and the HTML. */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly templates: PageTemplates,
    private readonly assets: SiteAssets,
    private readonly contexts: PageContexts,
  ) {}

  private readonly decorators: PageDecorator[] = [];

  /** Adds a part of the site's navigation and rules to every page it renders from now on. */
  decorate(decorator: PageDecorator): void {
    this.decorators.push(decorator);
  }

  /** One page text in the reader's language, for what a route sends that is not a page (a download). */
  text(request: FastifyRequest, reply: FastifyReply, key: string): string {
    return this.templates.messages.translate(this.contexts.of(request, reply).language, key);
  }

  /** Sets status and headers on the reply and returns the body to send. */
  respond(request: FastifyRequest, reply: FastifyReply, result: PageResult): string {
    if (result instanceof PageRedirect) {
      reply.status(303).header('Location', result.location);
      return '';
    }
    const context = this.contexts.of(request, reply);
    const { template, options } = result;
    const shown = this.decorators.some((decorator) => decorator.textsAsStored?.(template))
      ? { data: result.data, title: options.title }
      : pageInReaderLanguage(result.data, options.title, context.language);
    const data = shown.data;
    const messages = this.templates.messages;
    const path = request.url.split('?')[0];
    const nav = this.decorators.map((decorator) => decorator.nav?.(request, path)).find((found) => found !== undefined);
    const title = shown.title ?? messages.translate(context.language, options.titleKey ?? `${template.replaceAll('/', '.')}.title`);
    // A form shown again with what is wrong says so first in the tab's title, which screen readers read on arrival.
    const refused = template !== 'error' && (options.status ?? 200) >= 400;
    const html = this.templates.render(template, data, context, {
      title: refused ? messages.translate(context.language, 'form.errorTitle', { title }) : title,
      stylesheet: this.assets.url('site.css'),
      icon: this.assets.url('favicon.svg'),
      scripts: [...SHARED_SCRIPTS, ...(options.scripts ?? [])].map((file) => this.assets.url(file)),
      languages:
        options.languageLinks === false
          ? []
          : LANGUAGES.filter((code) => code !== context.language).map((code) => ({
              code,
              label: messages.translate(code, 'language.self'),
              href: `${path}?lang=${code}`,
            })),
      nav,
      hall: options.hall,
    });
    // no-store: pages carry a CSRF token, private links and seat counts that change by the minute.
    reply
      .status(options.status ?? 200)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Content-Language', context.language)
      .header('Cache-Control', 'no-store');
    return html;
  }
}

import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageContexts } from './page-context.js';
import { pageInReaderLanguage } from './page-event-language.js';
import { PageTemplates } from './page-templates.js';
import { PageRedirect, type ConsoleNav, type PageResult } from './page-view.js';
import { SiteAssets } from './site-assets.js';
import { LANGUAGES } from '../common/languages.js';

/** Scripts on every page: small enhancements that the pages do not need to work. */
const SHARED_SCRIPTS = ['forms.js'];

/** Which part of the console a path belongs to, for its navigation. */
function consoleSection(path: string): ConsoleNav['current'] {
  if (path.startsWith('/console/organization')) return 'organization';
  if (path.startsWith('/console/account')) return 'account';
  return 'forums';
}

/** Turns a page route's result into the response: status, headers and the HTML. */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly templates: PageTemplates,
    private readonly assets: SiteAssets,
    private readonly contexts: PageContexts,
  ) {}

  /** Sets status and headers on the reply and returns the body to send. */
  respond(request: FastifyRequest, reply: FastifyReply, result: PageResult): string {
    if (result instanceof PageRedirect) {
      reply.status(303).header('Location', result.location);
      return '';
    }
    const context = this.contexts.of(request, reply);
    const { template, options } = result;
    // The console edits both languages' texts, so it shows them as stored.
    const shown = template.startsWith('console/')
      ? { data: result.data, title: options.title }
      : pageInReaderLanguage(result.data, options.title, context.language);
    const data = shown.data;
    const messages = this.templates.messages;
    const path = request.url.split('?')[0];
    const title = shown.title ?? messages.translate(context.language, options.titleKey ?? `${template.replaceAll('/', '.')}.title`);
    // A form shown again with what is wrong says so first in the tab's title, which screen readers read on arrival.
    const refused = template !== 'error' && (options.status ?? 200) >= 400;
    const html = this.templates.render(template, data, context, {
      title: refused ? messages.translate(context.language, 'form.errorTitle', { title }) : title,
      stylesheet: this.assets.url('site.css'),
      scripts: [...SHARED_SCRIPTS, ...(options.scripts ?? [])].map((file) => this.assets.url(file)),
      languages:
        options.languageLinks === false
          ? []
          : LANGUAGES.filter((code) => code !== context.language).map((code) => ({
              code,
              label: messages.translate(code, 'language.self'),
              href: `${path}?lang=${code}`,
            })),
      nav: request.consoleNav && { ...request.consoleNav, current: consoleSection(path) },
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

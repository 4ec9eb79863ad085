import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { knownError, redirectMoved, toErrorBody } from '../../http/api-error.filter.js';
import { MovedError } from '../../common/domain-errors.js';
import { setRetryAfter } from '../../common/throttling.js';
import { PageRenderer } from './page-renderer.js';
import { PageView } from './page-view.js';

/** The statuses with a page of their own in templates/pages/i18n (`errors.<status>`). */
const EXPLAINED = new Set([400, 403, 404, 409, 429, 500, 503]);

/**
 * Failures of page routes as pages in the reader's language, with the status the API would
 * give (unknown errors are logged with the request id, as there). Domain messages are English
 * and meant for developers, so the page says what the status means instead.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly renderer: PageRenderer) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = knownError(thrown);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof MovedError) return redirectMoved(request, reply, exception);
    setRetryAfter(reply, exception);
    const { statusCode } = toErrorBody(exception, request.id, this.logger);
    const explained = EXPLAINED.has(statusCode) ? statusCode : statusCode >= 500 ? 500 : 400;
    const page = new PageView(
      'error',
      { status: explained, requestId: request.id },
      { status: statusCode, titleKey: `errors.${explained}.title` },
    );
    void reply.send(this.renderer.respond(request, reply, page));
  }
}

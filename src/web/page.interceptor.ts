import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { PageRenderer } from './page-renderer.js';
import type { PageResult } from './page-view.js';

/** Renders what a page route returns (a PageView or a PageRedirect); a string is a download, sent as it is. */
@Injectable()
export class PageInterceptor implements NestInterceptor<PageResult | string, string> {
  constructor(private readonly renderer: PageRenderer) {}

  intercept(context: ExecutionContext, next: CallHandler<PageResult | string>): Observable<string> {
    const http = context.switchToHttp();
    return next
      .handle()
      // A download (a CSV export) is sent as its route made it.
      .pipe(map((result) => (typeof result === 'string' ? result : this.renderer.respond(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), result))));
  }
}

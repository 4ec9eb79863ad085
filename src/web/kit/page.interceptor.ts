import { Readable } from 'node:stream';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { PageRenderer } from './page-renderer.js';
import type { PageResult } from './page-view.js';

/** Renders what a page route returns (a PageView or a PageRedirect); a string or a stream is sent as it is. */
@Injectable()
export class PageInterceptor implements NestInterceptor<PageResult | string | Readable, string | Readable> {
  constructor(private readonly renderer: PageRenderer) {}

  intercept(context: ExecutionContext, next: CallHandler<PageResult | string | Readable>): Observable<string | Readable> {
    const http = context.switchToHttp();
    return (
      next
        .handle()
        // A download (a CSV export) or a fragment is sent as its route made it.
        .pipe(
          map((result) =>
            typeof result === 'string' || result instanceof Readable
              ? result
              : this.renderer.respond(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), result),
          ),
        )
    );
  }
}

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { PageRenderer } from './page-renderer.js';
import type { PageResult } from './page-view.js';

/** Renders what a page route returns (a PageView or a PageRedirect). */
@Injectable()
export class PageInterceptor implements NestInterceptor<PageResult, string> {
  constructor(private readonly renderer: PageRenderer) {}

  intercept(context: ExecutionContext, next: CallHandler<PageResult>): Observable<string> {
    const http = context.switchToHttp();
    return next
      .handle()
      .pipe(map((result) => this.renderer.respond(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), result)));
  }
}

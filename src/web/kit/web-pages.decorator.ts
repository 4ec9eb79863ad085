import { applyDecorators, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../accounts/auth.decorators.js';
import { CsrfGuard } from './csrf.guard.js';
import { FormBodyGuard } from './form-body.guard.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageInterceptor } from './page.interceptor.js';

/**
 * Makes a controller's routes web pages: open to anyone (a private link's token is the only
 * credential), outside the API docs, form actions checked for a form body and against CSRF, results rendered as
 * HTML and failures shown as error pages.
 */
export const WebPages = () =>
  applyDecorators(
    Public(),
    ApiExcludeController(),
    UseGuards(FormBodyGuard, CsrfGuard),
    UseInterceptors(PageInterceptor),
    UseFilters(PageErrorFilter),
  );

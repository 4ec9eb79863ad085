import type { IncomingHttpHeaders } from 'node:http';
import helmet from 'helmet';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { routeBrokenUrlsAgain } from './http/broken-urls.js';
import { Clock } from './common/clock.js';
import { depthLimitedJsonParser, formParser } from './http/json-body.js';
import { logRequests, requestIdOf } from './http/logging.js';
import { PathParamsGuard } from './http/path-params.js';
import { createApiDocument } from './http/openapi.js';
import { createValidationPipe } from './http/validation.js';
import { AppConfig } from './config/app-config.js';
import { Metrics } from './metrics/metrics.js';
import { observeRequests } from './metrics/request-metrics.js';

const BODY_LIMIT = 100 * 1024;
/** Node refuses request heads over 16 kB, so no parameter is longer. */
const MAX_URL_LENGTH = 16 * 1024;

const hasBody = (headers: IncomingHttpHeaders) => Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType ?? '');

/** Builds the app exactly as production runs it; the e2e tests use this too, with a clock they can move. */
export async function createApp(config: AppConfig, clock = new Clock()): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId: requestIdOf,
    requestIdHeader: false,
    logger: false,
    // Long parameters reach the app, which answers them (PathParamsGuard) as it answers any other.
    routerOptions: { maxParamLength: MAX_URL_LENGTH },
    frameworkErrors: routeBrokenUrlsAgain,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  await setupApp(app);
  return app;
}

export async function setupApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, depthLimitedJsonParser(fastify.getDefaultJsonParser('error', 'error')));
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: BODY_LIMIT }, formParser);
  logRequests(fastify);
  observeRequests(fastify, app.get(Metrics));
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    // The API speaks JSON only (pages post forms to their own routes): anything else is 415.
    if (request.url.startsWith('/api/') && hasBody(request.headers) && !isJson(request.headers['content-type'])) {
      throw new UnsupportedMediaTypeException('Send the body as JSON with Content-Type: application/json.');
    }
  });
  // Built once: the Fastify plugin rebuilt helmet (and parsed the policy) on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        // Over plain HTTP (a laptop serving the hall's Wi-Fi) upgrading would break every stylesheet and form.
        upgradeInsecureRequests: app.get(AppConfig).appUrl.startsWith('https:') ? [] : null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  fastify.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  app.useGlobalGuards(new PathParamsGuard());
  app.useGlobalPipes(createValidationPipe());
  const document = createApiDocument(app, app.get(AppConfig).appUrl);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

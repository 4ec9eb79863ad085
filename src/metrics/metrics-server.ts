import { createServer, type Server } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ConfigValidationError } from '../config/env.validation.js';
import { Metrics } from './metrics.js';

/**
 * GET /metrics on its own listener (METRICS_HOST:METRICS_PORT), never on the public port, so
 * the numbers reach a Prometheus on the same machine or network without reaching the internet.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.metrics;
    if (!settings) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        (error: Error) => {
          this.logger.error(`Collecting metrics failed: ${error.message}`);
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Collecting metrics failed.\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL'
            ? new ConfigValidationError(
                `METRICS_PORT ${settings.port} on ${settings.host} cannot be used (${error.code}): choose another METRICS_PORT or METRICS_HOST.`,
              )
            : error,
        ),
      );
      server.listen(settings.port, settings.host, resolve);
    });
    this.server = server;
    this.logger.log(`Metrics at http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup.js';
import { loadConfig } from './config/app-config.js';
import { ConfigValidationError } from './config/env.validation.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';

const SHUTDOWN_SECONDS = 20;
const GRACE_SECONDS = 5;

function fail(message: string): never {
  console.error(`townhall: ${message}`);
  process.exit(1);
}

try {
  const config = loadConfig();
  const app = await createApp(config);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: a second Ctrl-C while stopping would otherwise kill the process with the
    // embedded database half-stopped; the watchdog below bounds the wait instead.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Close HTTP, workers and the pool, then the embedded database; never hang on a dead database.
      setTimeout(() => fail(`shutdown took longer than ${SHUTDOWN_SECONDS} s; exiting anyway.`), SHUTDOWN_SECONDS * 1000).unref();
      // Requests in flight get a grace period; a connection a browser opened ahead and never used
      // would otherwise hold the HTTP server open until its headers timeout (60 s).
      setTimeout(() => app.getHttpServer().closeAllConnections(), GRACE_SECONDS * 1000).unref();
      void app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen({ port: config.port, host: '0.0.0.0' }).catch(async (error: NodeJS.ErrnoException) => {
    await app.close();
    if (error.code === 'EADDRINUSE') fail(`port ${config.port} is already in use: stop what runs there or set PORT.`);
    throw error;
  });
  new Logger('Townhall').log(`Townhall is ready: open ${config.appUrl} (organizers: ${config.appUrl}/console). Stop it with Ctrl-C.`);
} catch (error) {
  if (error instanceof ConfigValidationError || error instanceof EmbeddedPostgresError) fail(error.message);
  throw error;
}

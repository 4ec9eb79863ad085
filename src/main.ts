import 'reflect-metadata';
import { createApp } from './app.setup.js';
import { loadConfig } from './config/app-config.js';
import { ConfigValidationError } from './config/env.validation.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';

function fail(message: string): never {
  console.error(`townhall: ${message}`);
  process.exit(1);
}

try {
  const config = loadConfig();
  const app = await createApp(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Close HTTP, workers and the pool, then the embedded database.
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
} catch (error) {
  if (error instanceof ConfigValidationError || error instanceof EmbeddedPostgresError) fail(error.message);
  throw error;
}

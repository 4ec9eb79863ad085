import 'reflect-metadata';
import { createApp } from './app.setup.js';
import { loadConfig } from './config/app-config.js';
import { ConfigValidationError } from './config/env.validation.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';

try {
  const config = loadConfig();
  const app = await createApp(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Close HTTP, workers and the pool, then the embedded database; a second signal forces it.
      void app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen({ port: config.port, host: '0.0.0.0' });
} catch (error) {
  if (error instanceof ConfigValidationError || error instanceof EmbeddedPostgresError) {
    console.error(`townhall: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

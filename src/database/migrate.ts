import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { migrateDatabase } from './migrations.js';

/** `npm run migration:run` / `migration:revert`: against DATABASE_URL, or the embedded server. */
const direction = process.argv[2] === 'revert' ? 'down' : 'up';
const config = loadConfig();
const embedded = config.databaseUrl ? undefined : new EmbeddedPostgres(join(config.varDir, 'postgres'));
const logger = new Logger('Migrations');
try {
  const url = config.databaseUrl ?? (await embedded!.start());
  const done = await migrateDatabase(url, direction);
  logger.log(done.length > 0 ? done.join(', ') : 'Nothing to do: the schema is up to date.');
} finally {
  await embedded?.stop();
}

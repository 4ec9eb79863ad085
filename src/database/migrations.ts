import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

const MIGRATION_LOCK = 7_246_001;

/** Runs pending migrations under an advisory lock, so instances starting together take turns. */
export async function migrateDatabase(url: string, direction: 'up' | 'down' = 'up'): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  const dataSource = new DataSource(dataSourceOptions(url));
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    if (direction === 'down') {
      const before = await dataSource.showMigrations();
      await dataSource.undoLastMigration({ transaction: 'each' });
      return before ? ['reverted the last migration'] : [];
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}

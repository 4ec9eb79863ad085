import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

const MIGRATION_LOCK = 7_246_001;

/** src/ under Jest, dist/src/ when built (the build copies the .sql files beside the compiled code). */
const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A living SQL file, `<feature>/sql/<name>.sql`, named by that path. */
interface LivingSqlFile {
  name: string;
  sql: string;
  checksum: string;
}

/** Every `<feature>/sql/*.sql` under `root`, in the order of their names. */
function livingSqlFiles(root: string): LivingSqlFile[] {
  const files: LivingSqlFile[] = [];
  for (const feature of readdirSync(root).sort()) {
    const dir = join(root, feature, 'sql');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.sql')) continue;
      const sql = readFileSync(join(dir, file), 'utf8');
      files.push({ name: `${feature}/${file}`, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  return files;
}

/**
 * Applies each living SQL file whose checksum differs from the one recorded, each in its own
 * transaction with its new checksum; the caller holds the migration lock. Returns their names.
 */
async function applyLivingSql(dataSource: DataSource, root: string): Promise<string[]> {
  const recorded = new Map<string, string>(
    (await dataSource.query(`SELECT name, checksum FROM townhall_living_sql`)).map((row: { name: string; checksum: string }) => [
      row.name,
      row.checksum,
    ]),
  );
  const changed = livingSqlFiles(root).filter((file) => recorded.get(file.name) !== file.checksum);
  for (const file of changed) {
    await dataSource.transaction(async (manager) => {
      await manager.query(file.sql);
      await manager.query(
        `INSERT INTO townhall_living_sql (name, checksum) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`,
        [file.name, file.checksum],
      );
    });
  }
  return changed.map((file) => file.name);
}

/** Runs `work` holding the migration lock, so instances starting together take turns. */
async function underMigrationLock<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  const dataSource = new DataSource(dataSourceOptions(url));
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}

/**
 * Runs pending migrations, then applies the living SQL files that changed (a function's current
 * text lives beside its feature, not in a frozen migration). Returns the migrations applied.
 */
export function migrateDatabase(url: string, direction: 'up' | 'down' = 'up'): Promise<string[]> {
  return underMigrationLock(url, async (dataSource) => {
    if (direction === 'down') {
      const before = await dataSource.showMigrations();
      await dataSource.undoLastMigration({ transaction: 'each' });
      return before ? ['reverted the last migration'] : [];
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const living = await applyLivingSql(dataSource, SOURCE_ROOT);
    if (living.length > 0) new Logger('Migrations').log(`Applied the living SQL of ${living.join(', ')}.`);
    return applied.map((migration) => migration.name);
  });
}

/** The living SQL step alone, for the files under `root` (tests point it at a folder of their own). */
export function refreshLivingSql(url: string, root = SOURCE_ROOT): Promise<string[]> {
  return underMigrationLock(url, (dataSource) => applyLivingSql(dataSource, root));
}

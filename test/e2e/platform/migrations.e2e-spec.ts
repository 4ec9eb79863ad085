import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { migrateDatabase } from '../../../src/database/migrations.js';
import { migrations } from '../../../migrations/index.js';
import { createTestDatabase } from '../../support/test-postgres.js';

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('apply to an empty database, revert one by one to nothing, and apply again', async () => {
    const url = await createTestDatabase({ empty: true });
    const applied = await migrateDatabase(url);
    expect(applied).toEqual(migrations.map((migration) => migration.name));
    const full = await tables(url);
    expect(full).toEqual(expect.arrayContaining(['organizations', 'organizers']));
    expect(await migrateDatabase(url)).toEqual([]);

    for (let i = 0; i < migrations.length; i++) await migrateDatabase(url, 'down');
    expect(await tables(url)).toEqual([]);

    await migrateDatabase(url);
    expect(await tables(url)).toEqual(full);
  });

  it('let instances that start together migrate once', async () => {
    const url = await createTestDatabase({ empty: true });
    const runs = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    expect(runs.flat()).toEqual(migrations.map((migration) => migration.name));
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { migrateDatabase, refreshLivingSql } from '../../../src/database/migrations.js';
import { createTestDatabase, sql } from '../../support/test-postgres.js';

/**
 * A function's current text lives in `src/<feature>/sql/*.sql`: the migration runner applies a file
 * again exactly when its checksum differs from the one recorded, once even when instances start together.
 */
describe('living SQL', () => {
  const root = mkdtempSync(join(tmpdir(), 'townhall-living-sql-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (answer: number) => {
    mkdirSync(join(root, 'greeting', 'sql'), { recursive: true });
    writeFileSync(
      join(root, 'greeting', 'sql', 'answer.sql'),
      `CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT ${answer} $$;`,
    );
  };
  const answer = async (url: string) => (await sql(url, `SELECT answer() AS value`))[0].value;

  it('is applied by the migrations and recorded under its checksum', async () => {
    const url = await createTestDatabase({ empty: true });
    await migrateDatabase(url);
    const checksumOf = (name: string) =>
      createHash('sha256')
        .update(readFileSync(new URL(`../../../src/rsvps/sql/${name}`, import.meta.url)))
        .digest('hex');
    expect(await sql(url, `SELECT name, checksum FROM townhall_living_sql ORDER BY name`)).toEqual([
      { name: 'rsvps/book-rsvp.sql', checksum: checksumOf('book-rsvp.sql') },
      { name: 'rsvps/search-fold.sql', checksum: checksumOf('search-fold.sql') },
    ]);
    // A recorded checksum that differs (an older text) is applied again; an unchanged one is not.
    const booking = `FROM townhall_living_sql WHERE name = 'rsvps/book-rsvp.sql'`;
    await sql(
      url,
      `UPDATE townhall_living_sql SET checksum = 'older', applied_at = now() - interval '1 day' WHERE name = 'rsvps/book-rsvp.sql'`,
    );
    await sql(url, `DROP FUNCTION book_rsvp(uuid, uuid, text, text, int, text, text, uuid, text, text, text)`);
    expect(await migrateDatabase(url)).toEqual([]);
    const [reapplied] = await sql(url, `SELECT checksum, applied_at ${booking}`);
    expect(reapplied.checksum).not.toBe('older');
    expect(await sql(url, `SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'book_rsvp'`)).toEqual([{ n: 1 }]);
    await migrateDatabase(url);
    expect((await sql(url, `SELECT applied_at ${booking}`))[0].applied_at).toEqual(reapplied.applied_at);
  });

  it('is applied again when the file changes, and not while it stays the same', async () => {
    const url = await createTestDatabase();
    write(41);
    expect(await refreshLivingSql(url, root)).toEqual(['greeting/answer.sql']);
    expect(await answer(url)).toBe(41);
    expect(await refreshLivingSql(url, root)).toEqual([]);
    write(42);
    expect(await refreshLivingSql(url, root)).toEqual(['greeting/answer.sql']);
    expect(await answer(url)).toBe(42);
  });

  it('is applied once when instances start together', async () => {
    const url = await createTestDatabase();
    write(7);
    const runs = await Promise.all([refreshLivingSql(url, root), refreshLivingSql(url, root), refreshLivingSql(url, root)]);
    expect(runs.flat()).toEqual(['greeting/answer.sql']);
    expect(await answer(url)).toBe(7);
  });

  it('that fails leaves the previous text and checksum in place', async () => {
    const url = await createTestDatabase();
    write(1);
    await refreshLivingSql(url, root);
    writeFileSync(
      join(root, 'greeting', 'sql', 'answer.sql'),
      `CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT nonsense $$;`,
    );
    await expect(refreshLivingSql(url, root)).rejects.toThrow();
    expect(await answer(url)).toBe(1);
    expect(await refreshLivingSql(url, root).catch(() => 'failed again')).toBe('failed again');
  });
});

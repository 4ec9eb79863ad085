// Runs outside Jest's ESM sandbox, so it uses the build (`npm test` builds first).
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from '../../dist/src/database/migrations.js';
import { EmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL, or an embedded one in a temporary
 * folder), with the migrations applied once to a template that each test file copies.
 */
export default async function globalSetup() {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const folder = await mkdtemp(join(tmpdir(), 'townhall-test-'));
    await chmod(folder, 0o755); // as root, the server runs as `postgres`, which must reach it
    const embedded = new EmbeddedPostgres(join(folder, 'postgres'));
    adminUrl = await embedded.start();
    globalThis.townhallTestPostgres = embedded;
  }
  const template = `townhall_template_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await migrateDatabase(templateUrl.toString());
  process.env.TOWNHALL_TEST_ADMIN_URL = adminUrl;
  process.env.TOWNHALL_TEST_TEMPLATE = template;
}

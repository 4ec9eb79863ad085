import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the test cluster is: set by global-setup.mjs, read by every test file. */
const ADMIN_URL_VARIABLE = 'TOWNHALL_TEST_ADMIN_URL';
const TEMPLATE_VARIABLE = 'TOWNHALL_TEST_TEMPLATE';

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on its own connection, for setting up states and reading what was stored. */
export async function sql<Row extends pg.QueryResultRow = any>(databaseUrl: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A fresh database for one test file: a copy of the migrated template, or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const adminUrl = process.env[ADMIN_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (!adminUrl || !template) throw new Error('The Jest globalSetup did not run: start tests with `npm test`.');
  const name = uniqueDatabaseName('townhall_test');
  await withAdmin(adminUrl, (client) =>
    client.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`),
  );
  return databaseUrl(adminUrl, name);
}
